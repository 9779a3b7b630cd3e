#!/bin/bash
# Call 1 on the GPU machine: unpack the app (.gpu/pieceA.tar.xz), then TorchSharp on CUDA:
# CPU-vs-CUDA parity of every preset and the training benchmark on CUDA. Results go to $OUT.
mkdir -p /tmp/app && tar -xJf .gpu/pieceA.tar.xz -C /tmp/app
source bench/gpu-device/environment.sh
/tmp/app/li-bench gpu torch --output "$OUT/gpu-torch.md" > "$OUT/gpu-torch.log" 2>&1; echo "gpu torch rc=$?"
/tmp/app/li-bench training --device cuda --epochs 4 --output "$OUT/training-cuda.md" > "$OUT/training-cuda.log" 2>&1; echo "training rc=$?"
/tmp/app/li-bench training --device cuda --epochs 3 --presets large_single_layer,large_standard --batch-size 16384 \
  --output "$OUT/training-cuda-batch16384.md" > "$OUT/training-cuda-batch16384.log" 2>&1; echo "training 16384 rc=$?"
tail -n 5 "$OUT"/*.log
