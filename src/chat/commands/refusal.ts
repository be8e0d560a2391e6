/** What a parser returns for input it will not take: `help`, with the reason shown to the user. */
export type Refusal = { name: 'help'; problem: string };

export const refuse = (problem: string): Refusal => ({ name: 'help', problem });
