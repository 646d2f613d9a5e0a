import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Per image, in ms: wall time, and process CPU time (all threads). */
export interface TorchTiming {
  readonly forward: number;
  readonly gradient: number;
  readonly forwardCpu: number;
  readonly gradientCpu: number;
}

export interface TorchPeer {
  readonly torch: string;
  readonly threads: number;
  readonly batch: number;
  readonly nets: Readonly<Record<string, TorchTiming>>;
}

/**
 * The PyTorch peer measured now, in this run (bench/torch_networks.py: torchvision MobileNetV2 / AlexNet, batch 8,
 * forward and log-prob input gradient per image), so the network figures are quoted against a peer on the same
 * machine under the same load (house style 19). `nets`: torchvision names. Undefined, with the reason printed,
 * when Debian's python3-torch / python3-torchvision are not installed.
 */
export function torchPeer(nets: readonly string[], threads: number): TorchPeer | undefined {
  const py = '/usr/bin/python3';
  const script = join(dirname(fileURLToPath(import.meta.url)), '../../bench/torch_networks.py');
  if (!existsSync(py) || !existsSync(script)) {
    console.log(`  PyTorch peer skipped: ${existsSync(py) ? script : py} not found`);
    return undefined;
  }
  try {
    const env = { ...process.env, ARSA_TORCH_NETS: nets.join(','), ARSA_TORCH_THREADS: String(threads) };
    const line = execFileSync(py, [script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
    const r = JSON.parse(line) as Record<string, unknown> & { torch: string; threads: number; batch: number };
    return { torch: r.torch, threads: r.threads, batch: r.batch, nets: Object.fromEntries(nets.map((n) => [n, r[n] as TorchTiming])) };
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.trim().split('\n').pop() ?? (e as Error).message;
    console.log(`  PyTorch peer skipped: ${msg} (apt-get install python3-torch python3-torchvision)`);
    return undefined;
  }
}
