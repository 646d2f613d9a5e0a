/** Words the site shows: download link texts, the layer drawing order, the stimulus categories of RDM axes. */
import { describe, expect, it } from 'vitest';
import { linkText, pathLabel } from '../../site/src/lib/link-text.js';
import { forwardOrder } from '../../site/src/lib/layer-order.js';
import { categoryLabels } from '../../site/src/lib/stimulus-labels.js';
import * as F from './fixtures/figure-data.js';

describe('download link texts', () => {
  it('read as words, with the format once', () => {
    expect(linkText({ label: pathLabel('rois[0].responsesCsv'), format: 'csv' })).toBe('responses (CSV)');
    expect(linkText({ label: pathLabel('rois[1].responses'), format: 'npy' })).toBe('responses (NPY)');
    expect(linkText({ label: pathLabel('layer.re'), format: 'npy' })).toBe('RE activations (NPY)');
    expect(linkText({ label: pathLabel('study.rdmSet'), format: 'npy' })).toBe('RDM set (NPY)');
    expect(linkText({ label: 'similarities', format: 'json' })).toBe('similarities (JSON)');
    expect(linkText({ label: 'CSV of the plotted values', format: 'csv' })).toBe('CSV of the plotted values');
    expect(linkText({ label: 'all', format: undefined })).toBe('all');
  });
});

describe('layer drawing order', () => {
  const layers = [
    { name: 'block_0', activation: 'linear' }, { name: 'conv_1', activation: 'post-relu' },
    { name: 'prob', activation: 'softmax' }, { name: 'logits', activation: 'logits' },
  ];
  it('draws the logits before the softmax output computed from them', () => {
    expect(forwardOrder(['block_0', 'conv_1', 'prob', 'logits'], layers)).toEqual(['block_0', 'conv_1', 'logits', 'prob']);
  });
  it('keeps an order that is already forward (AlexNet fc8 then prob) and one without an output', () => {
    expect(forwardOrder(['fc7', 'fc8', 'prob'], [{ name: 'fc8', activation: 'logits' }, { name: 'prob', activation: 'softmax' }])).toEqual(['fc7', 'fc8', 'prob']);
    expect(forwardOrder(['logits', 'block_0'], layers)).toEqual(['block_0', 'logits']);
  });
});

describe('stimulus categories', () => {
  it('label every kind of a source with its RE class', () => {
    const labels = categoryLabels(F.stimuli);
    expect(labels['AN-n02091244']).toBe('Ibizan hound');
    expect(labels['AI-n01818515']).toBe('macaw');
    expect(labels['AI_CONTROL-n01818515']).toBe('macaw');
    expect(Object.keys(labels)).toHaveLength(F.stimuli.length);
  });
});
