using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Named float32 tensors in a small binary format (name, shape, little-endian data), used for network
/// weights and best-weight copies in checkpoints. Loading copies into existing tensors in place after
/// checking that names and shapes match.
/// </summary>
public static class TensorArchive
{
    private const int Magic = 0x4C495441; // "LITA"

    /// <summary>Writes the tensors.</summary>
    public static void Write(BinaryWriter writer, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        writer.Write(Magic);
        writer.Write(list.Count);
        foreach (var (name, value) in list)
        {
            using Tensor cpu = value.detach().to(float32).cpu().contiguous();
            writer.Write(name);
            writer.Write((int)cpu.dim()); // dim() is a long; the reader reads an Int32
            foreach (long size in cpu.shape)
            {
                writer.Write(size);
            }
            float[] data = cpu.data<float>().ToArray();
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        }
    }

    /// <summary>Reads tensors written by <see cref="Write"/> (on the CPU).</summary>
    /// <exception cref="InvalidDataException">Not an archive, or truncated.</exception>
    public static List<(string Name, Tensor Tensor)> Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a tensor archive (bad magic number).");
            }
            int count = reader.ReadInt32();
            var tensors = new List<(string, Tensor)>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                int rank = reader.ReadInt32();
                long[] shape = new long[rank];
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                }
                long elements = shape.Aggregate(1L, (product, size) => product * size);
                byte[] bytes = reader.ReadBytes(checked((int)(elements * sizeof(float))));
                if (bytes.Length != elements * sizeof(float))
                {
                    throw new InvalidDataException($"Tensor archive is truncated in '{name}'.");
                }
                float[] data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                tensors.Add((name, tensor(data, shape).DetachFromDisposeScope()));
            }
            return tensors;
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("Tensor archive is truncated.", error);
        }
    }

    /// <summary>Copies archived tensors into <paramref name="targets"/> (matched by name) in place.</summary>
    /// <exception cref="InvalidDataException">A name is missing or a shape differs.</exception>
    public static void CopyInto(IReadOnlyList<(string Name, Tensor Tensor)> archived, IReadOnlyDictionary<string, Tensor> targets, string what)
    {
        ArgumentNullException.ThrowIfNull(archived);
        ArgumentNullException.ThrowIfNull(targets);
        var byName = archived.ToDictionary(entry => entry.Name, entry => entry.Tensor, StringComparer.Ordinal);
        foreach (var (name, target) in targets)
        {
            if (!byName.TryGetValue(name, out Tensor? source))
            {
                throw new InvalidDataException($"{what} has no tensor '{name}'.");
            }
            if (!source.shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException($"{what}: tensor '{name}' has shape [{string.Join(", ", source.shape)}], expected [{string.Join(", ", target.shape)}].");
            }
            using (no_grad())
            {
                target.copy_(source);
            }
        }
    }
}
