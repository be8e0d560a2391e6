import OpenAI from 'openai';

export interface OpenAiSettings {
  apiKey: string;
  /** Any OpenAI-compatible server: Ollama, vLLM, Azure-compatible gateways. */
  baseUrl?: string;
  /** Per request. Kept below the queue's lock duration so a slow call never looks stalled. */
  timeoutMs: number;
  /** The SDK retries 408/409/429/5xx and connection errors with backoff. */
  maxRetries: number;
}

export function createOpenAiClient(settings: OpenAiSettings): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
}
