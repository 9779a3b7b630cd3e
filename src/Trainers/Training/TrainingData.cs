using LanguageInterpolation.Transforms.Windowing;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>Windows as tensors: input values (R, N) float32 and class ids (R) int64, held once for a whole run.</summary>
public sealed class TrainingData : IDisposable
{
    /// <summary>Wraps tensors (the instance owns them).</summary>
    public TrainingData(Tensor features, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() != 2 || labels.dim() != 1 || features.shape[0] != labels.shape[0])
        {
            throw new ArgumentException($"Expected features (R, N) and labels (R), got ({string.Join(", ", features.shape)}) and ({string.Join(", ", labels.shape)}).");
        }
        Features = features.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    /// <summary>Creates the tensors from arrays.</summary>
    public static TrainingData FromArrays(float[] features, long[] labels, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        return new TrainingData(tensor(features, [labels.LongLength, windowSize]), tensor(labels));
    }

    /// <summary>Every window of a set as tensors (input values from the windows' vocabulary).</summary>
    public static TrainingData FromWindows(CharacterWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        float[] values = windows.Vocabulary.InputValues();
        var features = new float[windows.Count * windows.WindowSize];
        var labels = new long[windows.Count];
        var context = new int[windows.WindowSize];
        for (long row = 0; row < windows.Count; row++)
        {
            labels[row] = windows.GetWindow(row, context);
            for (int i = 0; i < context.Length; i++)
            {
                features[row * windows.WindowSize + i] = values[context[i]];
            }
        }
        return FromArrays(features, labels, windows.WindowSize);
    }

    /// <summary>Input values (R, N).</summary>
    public Tensor Features { get; private set; }

    /// <summary>Class ids (R).</summary>
    public Tensor Labels { get; private set; }

    /// <summary>Number of windows.</summary>
    public long Rows => Labels.shape[0];

    /// <summary>Window size.</summary>
    public int WindowSize => (int)Features.shape[1];

    /// <summary>Moves the tensors to a device.</summary>
    public void MoveTo(Device device)
    {
        if (Features.device == device)
        {
            return;
        }
        Tensor features = Features.to(device).DetachFromDisposeScope();
        Tensor labels = Labels.to(device).DetachFromDisposeScope();
        Features.Dispose();
        Labels.Dispose();
        Features = features;
        Labels = labels;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}
