using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.OnnxRuntime;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// The buffers of one single-window session call, allocated once and pooled: the ids and scores arrays
/// and the ONNX Runtime values that wrap them (pinned), so that scoring a window allocates nothing.
/// </summary>
internal sealed class SessionRow : IDisposable
{
    public SessionRow(int windowSize, int classes)
    {
        Ids = new long[windowSize];
        Scores = new float[classes];
        Inputs = [OrtValue.CreateTensorValueFromMemory(Ids, [1, windowSize])];
        Outputs = [OrtValue.CreateTensorValueFromMemory(Scores, [1, classes])];
    }

    public long[] Ids { get; }

    public float[] Scores { get; }

    public OrtValue[] Inputs { get; }

    public OrtValue[] Outputs { get; }

    public RunOptions RunOptions { get; } = new();

    public void Dispose()
    {
        Inputs[0].Dispose();
        Outputs[0].Dispose();
        RunOptions.Dispose();
    }
}

/// <summary>Creates <see cref="SessionRow"/>s of one model's shape for an object pool.</summary>
internal sealed class SessionRowPolicy(int windowSize, int classes) : PooledObjectPolicy<SessionRow>
{
    public override SessionRow Create() => new(windowSize, classes);

    public override bool Return(SessionRow obj) => true;
}
