// Technology names and architecture buzzwords. Used with a role in the design ("Redis holds the
// hot codes so redirects skip the database") they are fine; listed, they are name-dropping.
const TERMS = [
  'kafka', 'cassandra', 'kubernetes', 'k8s', 'docker', 'cqrs', 'event sourcing', 'microservices?', 'service mesh', 'istio', 'envoy',
  'vector clocks?', 'crdts?', 'flink', 'spark', 'hadoop', 'elasticsearch', 'elastic search', 'solr', 'grpc', 'graphql', 'redis',
  'memcached', 'dynamodb', 'mongodb', 'mongo', 'postgres(?:ql)?', 'mysql', 'zookeeper', 'etcd', 'consul', 'raft', 'paxos',
  'gossip(?: protocol)?', 'consistent hashing', 'bloom filters?', 'hyperloglog', 's3', 'cdn', 'cloudfront', 'lambda', 'serverless',
  'rabbitmq', 'sqs', 'sns', 'kinesis', 'pulsar', 'nats', 'bigtable', 'hbase', 'spanner', 'cockroachdb', 'vitess', 'neo4j',
  'prometheus', 'grafana', 'terraform', 'websockets?', 'webrtc', 'quic', 'protobuf', 'avro', 'parquet', 'clickhouse', 'druid',
  'pinot', 'airflow', 'bigquery', 'ceph', 'hdfs', 'nginx', 'haproxy', 'sagas?', 'two-phase commit', '2pc', 'merkle trees?',
  'lsm(?: trees?)?', 'sstables?', 'quorums?', 'sharding', 'geohash(?:es|ing)?', 'quadtrees?', 'h3', 'tries?', 'trie', 'ffmpeg',
  'hls', 'dash', 'oauth', 'jwt', 'lru', 'leader election', 'blockchain', 'machine learning', 'ml', 'ai', 'big data', 'data lake',
  'event-driven', 'event bus', 'stream processing', 'actor model', 'akka', 'erlang', 'scylla(?:db)?', 'tidb', 'snowflake', 'redshift',
];
const TERM = new RegExp(`(?<![a-z0-9])(${TERMS.join('|')})(?![a-z0-9])`, 'gi');
// A role: what the named thing does here, or why it is there.
const ROLE = /\b(for|to|as (?:the|our|a)|stores?|holds?|keeps?|because|so that|since|handles?|serves?|caches?|partitioned by|keyed by|which|that|where|when|buffers?|carries|feeds?|reads?|writes?|publish\w*|consume\w*|tracks?|counts?|fronts?|sits?)\b/i;

export function techTermsIn(text: string): string[] {
  return [...text.matchAll(TERM)].map((m) => m[1]!.toLowerCase());
}

/**
 * Technology names that appear without a role: in a list ("Kafka, Cassandra, Kubernetes and
 * CQRS"), or in a sentence that gives none of them anything to do.
 */
export function listedTerms(sentence: string): number {
  const terms = techTermsIn(sentence);
  if (terms.length === 0) return 0;
  const words = sentence.split(/\s+/).length;
  const list = terms.length >= 3 && (sentence.match(/,|\band\b|\+|\//g)?.length ?? 0) >= terms.length - 1 && words / terms.length < 7;
  if (list) return terms.length;
  return ROLE.test(sentence) ? 0 : terms.length;
}
