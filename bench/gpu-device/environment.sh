# Sourced by the GPU scripts on the lent CUDA machine (shared/docs/gpu-device.md): the app published here
# (self-contained, -p:UseGpu=true -p:UseTorchCuda=true) unpacked into /tmp/app, and the machine's own
# PyTorch libtorch and NVIDIA libraries on the loader path (TorchSharp and ONNX Runtime's CUDA provider use them).
set -u
SITE=$(python3 -c 'import site;print(site.getsitepackages()[0])')
export LD_LIBRARY_PATH="$SITE/torch/lib:$(find "$SITE/nvidia" -maxdepth 3 -name lib -type d | tr '\n' ':')${LD_LIBRARY_PATH:-}"
export DOTNET_gcServer=0
nvidia-smi -L || true
