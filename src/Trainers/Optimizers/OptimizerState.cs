using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// Saves an optimizer's state buffers (<see cref="IParameterOptimizer.StateTensors"/>) and step count, and
/// copies them back in place into an optimizer built over parameters of the same shapes.
/// </summary>
/// <remarks>
/// Format (little-endian, <see cref="BinaryWriter"/>): the string "LIOPTIM", an int32 format version (1), the
/// int32 step count, the int32 number of tensors, then per tensor its name (length-prefixed string), its int32
/// rank, its int64 dimensions and its values as float32 in row-major order. Values are converted to float32
/// on the way out and back to the buffer's own type and device on the way in. The learning rate is not part of
/// the state: the schedule owns it.
/// </remarks>
public static class OptimizerState
{
    private const string Magic = "LIOPTIM";
    private const int FormatVersion = 1;
    private const int MaxRank = 16;

    /// <summary>Writes the step count and every state tensor's name, shape and values.</summary>
    public static void Save(IParameterOptimizer optimizer, BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(writer);
        IReadOnlyList<(string Name, Tensor Tensor)> state = optimizer.StateTensors();
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(optimizer.StepCount);
        writer.Write(state.Count);
        foreach ((string name, Tensor buffer) in state)
        {
            writer.Write(name);
            writer.Write(buffer.shape.Length);
            foreach (long size in buffer.shape)
            {
                writer.Write(size);
            }
            writer.Write(MemoryMarshal.AsBytes(ToFloats(buffer).AsSpan()));
        }
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote and copies it into the optimizer's live buffers and step count.
    /// Everything is read and checked before anything is written, so on failure the optimizer is unchanged.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// Not an optimizer state, or its tensors do not match the optimizer's: the message names every missing,
    /// unexpected or differently shaped tensor.
    /// </exception>
    public static void Load(IParameterOptimizer optimizer, BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(reader);
        List<(string Name, long[] Shape, float[] Values)> saved = Read(reader, out int stepCount);
        IReadOnlyList<(string Name, Tensor Tensor)> live = optimizer.StateTensors();
        Check(saved, live);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var byName = saved.ToDictionary(entry => entry.Name);
        foreach ((string name, Tensor buffer) in live)
        {
            (_, long[] shape, float[] values) = byName[name];
            buffer.copy_(tensor(values, shape).to(buffer.dtype, buffer.device));
        }
        optimizer.StepCount = stepCount;
    }

    private static float[] ToFloats(Tensor buffer)
    {
        using var scope = NewDisposeScope();
        return buffer.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
    }

    private static List<(string Name, long[] Shape, float[] Values)> Read(BinaryReader reader, out int stepCount)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("Not an optimizer state: the header is missing.");
            }
            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported optimizer state format version {version} (expected {FormatVersion}).");
            }
            stepCount = reader.ReadInt32();
            int count = reader.ReadInt32();
            if (stepCount < 0 || count < 0)
            {
                throw new InvalidDataException($"Corrupt optimizer state: step count {stepCount}, tensor count {count}.");
            }
            var entries = new List<(string, long[], float[])>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                int rank = reader.ReadInt32();
                if (rank is < 0 or > MaxRank)
                {
                    throw new InvalidDataException($"Corrupt optimizer state: tensor '{name}' has rank {rank}.");
                }
                var shape = new long[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                    if (shape[d] < 0 || (elements *= shape[d]) > Array.MaxLength / sizeof(float))
                    {
                        throw new InvalidDataException($"Corrupt optimizer state: tensor '{name}' has shape {Format(shape)}.");
                    }
                }
                byte[] bytes = reader.ReadBytes(checked((int)elements * sizeof(float)));
                if (bytes.Length != elements * sizeof(float))
                {
                    throw new InvalidDataException($"Truncated optimizer state: tensor '{name}' ends early.");
                }
                entries.Add((name, shape, MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
            }
            return entries;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Truncated optimizer state.", e);
        }
    }

    private static void Check(List<(string Name, long[] Shape, float[] Values)> saved, IReadOnlyList<(string Name, Tensor Tensor)> live)
    {
        var problems = new List<string>();
        var savedByName = new Dictionary<string, long[]>();
        foreach ((string name, long[] shape, _) in saved)
        {
            if (!savedByName.TryAdd(name, shape))
            {
                problems.Add($"tensor '{name}' appears twice in the file");
            }
        }
        var liveNames = new HashSet<string>();
        foreach ((string name, Tensor buffer) in live)
        {
            liveNames.Add(name);
            if (!savedByName.TryGetValue(name, out long[]? shape))
            {
                problems.Add($"tensor '{name}' is missing from the file");
            }
            else if (!shape.SequenceEqual(buffer.shape))
            {
                problems.Add($"tensor '{name}' has shape {Format(shape)} in the file but {Format(buffer.shape)} in the optimizer");
            }
        }
        foreach (string name in savedByName.Keys.Where(name => !liveNames.Contains(name)))
        {
            problems.Add($"tensor '{name}' in the file is not part of this optimizer's state");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException("Optimizer state does not match the optimizer: " + string.Join("; ", problems) + ".");
        }
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
