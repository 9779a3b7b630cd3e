#!/bin/bash
# Call 2 on the GPU machine, while it is still warm from call 1: the CUDA provider pruned to sm_90
# (.gpu/cuda_sm90.so.xz) beside the app, then ONNX Runtime on CUDA: strict sessions, parity with the CPU
# provider, raw rows per second, and the inference benchmark with --device cuda. Results go to $OUT.
xz -dc .gpu/cuda_sm90.so.xz > /tmp/app/libonnxruntime_providers_cuda.so
source bench/gpu-device/environment.sh
/tmp/app/li-bench gpu onnx --output "$OUT/gpu-onnx.md" > "$OUT/gpu-onnx.log" 2>&1; echo "gpu onnx rc=$?"
/tmp/app/li-bench inference --device cuda --output "$OUT/inference-cuda.md" > "$OUT/inference-cuda.log" 2>&1; echo "inference cuda rc=$?"
/tmp/app/li-bench inference --device cuda --batch-size 16384 --rounds 3 --output "$OUT/inference-cuda-batch16384.md" > "$OUT/inference-cuda-batch16384.log" 2>&1; echo "inference 16384 rc=$?"
tail -n 5 "$OUT"/*.log
