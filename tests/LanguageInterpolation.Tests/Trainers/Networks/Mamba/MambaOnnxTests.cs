using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = TorchSharp.torch.Tensor;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

public class MambaOnnxTests
{
    // The bound for ONNX Runtime vs TorchSharp (both float32, different kernels and summation orders).
    private const double Tolerance = 1e-4;
    private const int Classes = 11;

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Export_WindowGraph_MatchesTorchNextCharacterProbabilities(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes);
        long[] ids = MambaTestNetworks.RandomIds(rows: 9, seed: 13, Classes);
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [9, MambaTestNetworks.Window]);

        using var noGrad = no_grad();
        using Tensor expected = nn.functional.softmax(network.NextCharacterLogits(tensor(ids, [9, MambaTestNetworks.Window])), 1);
        float[] actual = (float[])outputs[OnnxNames.Score];
        double worst = expected.data<float>().ToArray().Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"max |torch - onnx| = {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Export_BothGraphs_ComputeNoShapesAndPassTheChecker(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes);
        foreach (ModelProto model in new[] { NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null), MambaStepOnnx.Export(network) })
        {
            Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
            Assert.Contains(model.OpsetImport, opset => opset.Domain == "" && opset.Version == 17);
            string path = Path.Combine(TestData.NewScratchFolder(), "mamba.onnx");
            File.WriteAllBytes(path, OnnxModelFile.ToBytes(model));
            OnnxChecker.Check(path);
        }
    }

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void StepGraph_SeveralSteps_MatchesTorchDecodeProbabilitiesAndStates(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes);
        MambaNetworkConfig config = network.MambaConfig;
        using var session = new InferenceSession(OnnxModelFile.ToBytes(MambaStepOnnx.Export(network)));
        using MambaState state = network.NewState(batch: 2);
        int blocks = network.Blocks.Count;
        var convolution = Enumerable.Range(0, blocks).Select(_ => new float[2 * config.InnerWidth * (config.ConvolutionKernel - 1)]).ToArray();
        var states = Enumerable.Range(0, blocks).Select(_ => new float[2 * config.InnerWidth * config.StateSize]).ToArray();
        long[] ids = MambaTestNetworks.RandomIds(rows: 2, seed: 21, Classes);
        double worst = 0;
        for (int t = 0; t < MambaTestNetworks.Window; t++)
        {
            long[] step = [ids[t], ids[MambaTestNetworks.Window + t]];
            var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(MambaStepOnnx.CharacterIds, new DenseTensor<long>(step, [2, 1])) };
            for (int block = 0; block < blocks; block++)
            {
                inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.ConvolutionInputs(block), new DenseTensor<float>(convolution[block], [2, config.InnerWidth, config.ConvolutionKernel - 1])));
                inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.States(block), new DenseTensor<float>(states[block], [2, config.InnerWidth, config.StateSize])));
            }
            using var outputs = session.Run(inputs);
            var byName = outputs.ToDictionary(output => output.Name, output => output.AsTensor<float>().ToArray());
            using var noGrad = no_grad();
            using Tensor expected = nn.functional.softmax(network.Decode(tensor(step, [2, 1]), state).select(1, 0), 1);
            worst = Math.Max(worst, MaxDifference(expected, byName[MambaStepOnnx.Score]));
            for (int block = 0; block < blocks; block++)
            {
                convolution[block] = byName[MambaStepOnnx.NextConvolutionInputs(block)];
                states[block] = byName[MambaStepOnnx.NextStates(block)];
                worst = Math.Max(worst, MaxDifference(state.ConvolutionInputs(block), convolution[block]));
                worst = Math.Max(worst, MaxDifference(state.State(block), states[block]));
            }
        }
        Assert.True(worst <= Tolerance, $"max |torch - onnx| = {worst:E2}");
    }

    [Fact]
    public void StepGraph_StateOfTheWrongShape_ErrorNamesTheInput()
    {
        using MambaNetwork network = MambaTestNetworks.Build(StandardMambaConfig.TypeName, Classes);
        MambaNetworkConfig config = network.MambaConfig;
        using var session = new InferenceSession(OnnxModelFile.ToBytes(MambaStepOnnx.Export(network)));
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(MambaStepOnnx.CharacterIds, new DenseTensor<long>(new long[] { 1 }, [1, 1])) };
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.ConvolutionInputs(block), new DenseTensor<float>([1, config.InnerWidth, config.ConvolutionKernel - 1])));
            int stateSize = block == 1 ? config.StateSize + 1 : config.StateSize;           // block 1's state is one too wide
            inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.States(block), new DenseTensor<float>([1, config.InnerWidth, stateSize])));
        }

        var error = Assert.ThrowsAny<OnnxRuntimeException>(() => session.Run(inputs).Dispose());

        Assert.Contains(MambaStepOnnx.States(1), error.Message, StringComparison.Ordinal);
    }

    private static double MaxDifference(Tensor expected, float[] actual) =>
        expected.cpu().contiguous().data<float>().ToArray().Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max();
}
