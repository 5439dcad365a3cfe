/** `nomic-embed-text` and `nomic-embed-text:latest` are one model (and so share one collection). */
export function normaliseModelName(model: string): string {
  const last = model.split('/').pop() ?? model;
  return last.includes(':') ? model : `${model}:latest`;
}
