/**
 * The order the site draws layers in: the network's forward pass. The API lists analysed layers, then the output,
 * then extra read-outs (domain/layer-role.ts), so MobileNet's `logits` (an extra, ordinal 0) came after `prob`,
 * which is computed from it. Here a pre-softmax read-out (activation "logits") is drawn just before the softmax
 * output; every other layer keeps the API's order.
 */
export interface LayerOrderInfo { readonly name: string; readonly activation: string }

export function forwardOrder(names: readonly string[], layers: readonly LayerOrderInfo[]): string[] {
  const activation = new Map(layers.map((l) => [l.name, l.activation]));
  const logits = names.filter((n) => activation.get(n) === 'logits');
  const rest = names.filter((n) => activation.get(n) !== 'logits');
  const out = rest.findIndex((n) => activation.get(n) === 'softmax');
  if (out < 0) return [...rest, ...logits];
  return [...rest.slice(0, out), ...logits, ...rest.slice(out)];
}

