import { resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import { NETWORK_NAMES, NETWORKS, networkEntry } from '../../networks/registry.js';
import type { NetworkRef } from '../../networks/types.js';
import type { StudyDefinition } from '../definition/definition.js';
import type { FileHasher } from '../../store/file-hash.js';

/**
 * Which network a study runs, and the content hashes of the files it is built from: the study's `network` and
 * `weights` ({ file, sha256 }), overridden by --network / --weights. Everything that can be refused without
 * building the network is refused here, before any computation (issue 11, "Bad input"): an unknown network, a
 * network that needs weights run without any (the message says how to make them), weights for a network that
 * takes none, a missing or unreadable file, weights whose sha256 is not the one the study file records. A
 * weights file of the wrong architecture is refused when the network spec is built, the first stage of a run
 * (networks/alexnet: every tensor's shape is checked), so nothing is stored for it either.
 */
export interface StudyNetwork {
  readonly ref: NetworkRef;
  /** sha256 of each file the network reads, by role ('model' | 'weights', 'labels'); keys network.spec. */
  readonly checksums: Readonly<Record<string, string>>;
}

/** How to make a weights file for the networks that need one (printed when none is given). */
export const WEIGHTS_HOWTO: Readonly<Record<string, string>> = {
  alexnet_torchvision: 'make one from torchvision\'s pretrained AlexNet (needs python3 with torch, torchvision, numpy):\n'
    + '  python3 -c "import numpy as np, torchvision; np.savez(\'alexnet_tv.npz\', **{k: v.numpy() for k, v in torchvision.models.alexnet(weights=\'DEFAULT\').state_dict().items()})"\n'
    + 'then pass --weights alexnet_tv.npz (or record it in the study file as "weights": {"file": "alexnet_tv.npz", "sha256": "<sha256sum of it>"})',
  alexnet: 'use the BVLC AlexNet of the ONNX model zoo, bvlcalexnet-12.onnx (github.com/onnx/models, validated/vision/classification/alexnet/model/), as is:\n'
    + '  --weights bvlcalexnet-12.onnx\n'
    + 'or an .npz converted from bvlc_alexnet.caffemodel with Caffe layer names (net.params[\'conv1\'][0].data -> \'conv1.weight\', [1] -> \'conv1.bias\', ... fc8)',
};

export async function resolveStudyNetwork(config: Pick<Config, 'network' | 'weights' | 'modelsDir'>, study: StudyDefinition, hasher: FileHasher): Promise<StudyNetwork> {
  const fromFlag = config.network !== undefined;
  const name = config.network ?? study.network;
  let entry;
  try {
    entry = networkEntry(name);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    throw new DomainError(e.code, `${fromFlag ? '--network' : `study ${study.id}: 'network'`}: ${e.message}`, e.details);
  }
  // The study's weights belong to the study's network: a --network override to another one does not inherit them.
  const recorded = config.weights === undefined && (!fromFlag || name === study.network) ? study.weights : undefined;
  const weights = config.weights !== undefined ? resolve(config.weights) : recorded?.file;
  const withWeights = Object.keys(NETWORKS).filter((n) => networkEntry(n).needsWeights);
  if (entry.needsWeights && weights === undefined) {
    throw new DomainError('BAD_USER_INPUT', `study ${study.id}: network ${name} needs a weights file and none was given (--weights FILE, or "weights" in the study file). To get one, ${WEIGHTS_HOWTO[name] ?? 'see README, Networks'}`);
  }
  if (!entry.needsWeights && weights !== undefined) {
    throw new DomainError('BAD_USER_INPUT', `study ${study.id}: network ${name} takes no weights file (it reads its TFLite file from the models directory), got ${config.weights !== undefined ? '--weights' : "the study's 'weights'"} '${weights}'; weights are read by ${withWeights.join(', ')} (networks: ${NETWORK_NAMES.join(', ')})`);
  }
  const ref: NetworkRef = weights !== undefined ? { name, weights } : { name };
  const checksums: Record<string, string> = {};
  for (const [role, path] of Object.entries(entry.files(ref, config.modelsDir))) {
    checksums[role] = await hasher.hash(path, `${role} file of ${name}`);
  }
  if (recorded !== undefined && checksums.weights !== recorded.sha256) {
    throw new DomainError('BAD_WEIGHTS', `study ${study.id}: weights file '${recorded.file}' has sha256 ${checksums.weights}, but the study file records ${recorded.sha256}; use the recorded file or record the new checksum`);
  }
  return { ref, checksums };
}
