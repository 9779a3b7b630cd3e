using LanguageInterpolation.Trainers.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Training;

public sealed class TensorArchiveTests
{
    [Fact]
    public void WriteThenRead_TensorsOfRankZeroToThree_SameNamesShapesAndValues()
    {
        using Tensor scalar = tensor(2.5f);
        using Tensor vector = Range(0, 3, 1, float32);
        using Tensor matrix = Range(0, 6, 1, float32).reshape(2, 3);
        using Tensor cube = Range(0, 24, 1, float32).reshape(2, 3, 4) / Held(7);
        var stream = new MemoryStream();

        TensorArchive.Write(new BinaryWriter(stream), [("s", scalar), ("v", vector), ("m", matrix), ("c", cube)]);
        stream.Position = 0;
        var read = TensorArchive.Read(new BinaryReader(stream));

        Assert.Equal(["s", "v", "m", "c"], read.Select(entry => entry.Name));
        foreach (var (original, copy) in new[] { scalar, vector, matrix, cube }.Zip(read.Select(entry => entry.Tensor)))
        {
            Assert.Equal(original.shape, copy.shape);
            Assert.Equal(original.data<float>().ToArray(), copy.data<float>().ToArray());
            copy.Dispose();
        }
        Assert.Equal(stream.Length, stream.Position);
    }
}
