using LanguageInterpolation.Transforms.Windowing;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Windows as tensors, held once for a whole run: the context character ids (R, N) in the narrowest
/// integer type the vocabulary fits (uint8 up to 256 characters: a quarter of the float windows this
/// replaced), and the class ids (R) int64. Batches are widened to int64 as the network reads them
/// (<see cref="ContextBatch"/>).
/// </summary>
public sealed class TrainingData : IDisposable
{
    /// <summary>Wraps tensors (the instance owns them).</summary>
    /// <param name="contexts">Context ids (R, N), any integer type.</param>
    /// <param name="labels">Class ids (R), int64.</param>
    public TrainingData(Tensor contexts, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(labels);
        if (contexts.dim() != 2 || labels.dim() != 1 || contexts.shape[0] != labels.shape[0])
        {
            throw new ArgumentException($"Expected contexts (R, N) and labels (R), got ({string.Join(", ", contexts.shape)}) and ({string.Join(", ", labels.shape)}).");
        }
        if (contexts.dtype is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16 or ScalarType.Bool)
        {
            throw new ArgumentException($"Contexts must hold integer character ids, got {contexts.dtype}.", nameof(contexts));
        }
        Contexts = contexts.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    /// <summary>Creates the tensors from arrays of ids; contexts are stored in the narrowest type that holds <paramref name="vocabularySize"/> ids.</summary>
    public static TrainingData FromArrays(ReadOnlySpan<int> contexts, long[] labels, int windowSize, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        if (contexts.Length != labels.LongLength * windowSize)
        {
            throw new ArgumentException($"Expected {labels.LongLength} x {windowSize} context ids, got {contexts.Length}.", nameof(contexts));
        }
        long[] shape = [labels.LongLength, windowSize];
        Tensor stored = StorageType(vocabularySize) switch
        {
            ScalarType.Byte => tensor(Narrow<byte>(contexts), shape),
            ScalarType.Int16 => tensor(Narrow<short>(contexts), shape),
            _ => tensor(contexts.ToArray(), shape),
        };
        return new TrainingData(stored, tensor(labels));
    }

    /// <summary>The rows of several sets, in order, as one (the parts are left as they are).</summary>
    public static TrainingData Concatenate(IReadOnlyList<TrainingData> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        return new TrainingData(cat([.. parts.Select(part => part.Contexts)]), cat([.. parts.Select(part => part.Labels)]));
    }

    /// <summary>Every window of a set as tensors.</summary>
    public static TrainingData FromWindows(CharacterWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var contexts = new int[checked((int)(windows.Count * windows.WindowSize))];
        var labels = new long[windows.Count];
        for (long row = 0; row < windows.Count; row++)
        {
            labels[row] = windows.GetWindow(row, contexts.AsSpan((int)(row * windows.WindowSize), windows.WindowSize));
        }
        return FromArrays(contexts, labels, windows.WindowSize, windows.Vocabulary.Count);
    }

    /// <summary>The integer type that stores ids of a vocabulary of <paramref name="vocabularySize"/> characters.</summary>
    public static ScalarType StorageType(int vocabularySize) =>
        vocabularySize <= byte.MaxValue + 1 ? ScalarType.Byte : vocabularySize <= short.MaxValue + 1 ? ScalarType.Int16 : ScalarType.Int32;

    /// <summary>Context ids (R, N), stored narrow.</summary>
    public Tensor Contexts { get; private set; }

    /// <summary>Class ids (R).</summary>
    public Tensor Labels { get; private set; }

    /// <summary>Number of windows.</summary>
    public long Rows => Labels.shape[0];

    /// <summary>Window size.</summary>
    public int WindowSize => (int)Contexts.shape[1];

    /// <summary>The context ids of the given rows as the network reads them: int64 (b, N).</summary>
    public Tensor ContextBatch(Tensor rows) => Contexts.index_select(0, rows).to(ScalarType.Int64);

    /// <summary>
    /// The next-character targets of every position of the given rows, int64 (b, N): position t of a window is
    /// followed by its character t + 1, and the last position by the row's label (teacher forcing for networks
    /// trained on every position).
    /// </summary>
    public Tensor TargetBatch(Tensor rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var scope = NewDisposeScope();
        Tensor following = Contexts.index_select(0, rows).narrow(1, 1, WindowSize - 1).to(ScalarType.Int64);   // (b, N - 1)
        Tensor last = Labels.index_select(0, rows).unsqueeze(1);                                                // (b, 1)
        return cat([following, last], 1).MoveToOuterDisposeScope();                                             // (b, N)
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as int64 (count, N).</summary>
    public Tensor ContextSlice(long start, long count) => Contexts.narrow(0, start, count).to(ScalarType.Int64);

    /// <summary>Moves the tensors to a device.</summary>
    public void MoveTo(Device device)
    {
        if (Contexts.device == device)
        {
            return;
        }
        Tensor contexts = Contexts.to(device).DetachFromDisposeScope();
        Tensor labels = Labels.to(device).DetachFromDisposeScope();
        Contexts.Dispose();
        Labels.Dispose();
        Contexts = contexts;
        Labels = labels;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Contexts.Dispose();
        Labels.Dispose();
    }

    private static T[] Narrow<T>(ReadOnlySpan<int> ids) where T : struct, System.Numerics.INumberBase<T>
    {
        var narrow = new T[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            narrow[i] = T.CreateChecked(ids[i]);
        }
        return narrow;
    }
}
