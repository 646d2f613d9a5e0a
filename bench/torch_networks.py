"""
The PyTorch peer of the network benchmarks (issue 14): forward and input-gradient time per image of MobileNetV2 and
AlexNet (torchvision architectures, random weights: the time does not depend on the weights), batch 8, on
ARSA_TORCH_THREADS threads (default: all cores), CPU. The input gradient is d log softmax(z)_c / d pixels, the
generators' 'logprob' objective. Prints one JSON object: {"torch": version, "threads": n, "<net>": {"forward": ms,
"gradient": ms, "forwardCpu": ms, "gradientCpu": ms}} per image, median of ARSA_TORCH_REPEATS (default 3) after one
warm-up; the CPU figures are process CPU time (all threads), which a loaded machine inflates less than wall time.

Needs Debian's python3-torch and python3-torchvision (apt-get install python3-torch python3-torchvision).
Run: /usr/bin/python3 bench/torch_networks.py
"""
import json
import os
import statistics
import time

import torch
import torchvision

BATCH = int(os.environ.get('ARSA_TORCH_BATCH', 8))
REPEATS = int(os.environ.get('ARSA_TORCH_REPEATS', 3))
THREADS = int(os.environ.get('ARSA_TORCH_THREADS', os.cpu_count() or 1))
NETS = [n for n in os.environ.get('ARSA_TORCH_NETS', 'mobilenet_v2,alexnet').split(',') if n]


def per_image(run):
    run()  # warm-up: allocator, oneDNN primitive caches
    wall, cpu = [], []
    for _ in range(REPEATS):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - t0) * 1000 / BATCH)
        cpu.append((time.process_time() - c0) * 1000 / BATCH)
    return statistics.median(wall), statistics.median(cpu)


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    out = {'torch': torch.__version__, 'threads': THREADS, 'batch': BATCH}
    for name in NETS:
        net = getattr(torchvision.models, name)(weights=None).eval()
        x = torch.rand(BATCH, 3, 224, 224) * 255
        target = torch.arange(BATCH) * 97 % 1000

        def forward():
            with torch.no_grad():
                torch.softmax(net(x / 127.5 - 1), 1)

        def gradient():
            xi = x.clone().requires_grad_(True)
            logp = torch.log_softmax(net(xi / 127.5 - 1), 1)
            logp.gather(1, target[:, None]).sum().backward()
            return xi.grad

        (fw, fc), (gw, gc) = per_image(forward), per_image(gradient)
        out[name] = {'forward': fw, 'gradient': gw, 'forwardCpu': fc, 'gradientCpu': gc}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
