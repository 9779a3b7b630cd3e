using LanguageInterpolation.Trainers.Optimizers;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class ParameterOptimizerTests
{
    // float32 values of magnitude <= 2 after a handful of ops: rounding stays below ~5e-7.
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void ZeroGrad_AfterBackward_LeavesZeroGradients(string device)
    {
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var optimizer = new Adam([p]);
        using (var loss = (p * p).sum())
        {
            loss.backward();
        }
        AssertClose([2, -4, 1], p.grad!, Tolerance); // d(θ²)/dθ = 2θ

        optimizer.ZeroGrad();

        AssertClose([0, 0, 0], p.grad!, 0);
    }

    [Fact]
    public void LearningRate_SetBetweenSteps_TakesEffectOnTheNextStep()
    {
        // Lion moves each entry by exactly η: 0 → -0.1 with η = 0.1, then -0.1 → -0.11 with η = 0.01.
        using var p = Parameter("cpu", 0f, 0f, 0f);
        using var lion = new Lion([p], learningRate: 0.1);
        SetGradient(p, 1f, 1f, 1f);
        lion.Step();

        lion.LearningRate = 0.01;
        lion.Step();

        AssertClose([-0.11, -0.11, -0.11], p, Tolerance);
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsSkipped()
    {
        // p0 has a gradient and moves by η = 0.1; p1 never had one and keeps its value and zero state.
        using var p0 = Parameter("cpu", 1f);
        using var p1 = Parameter("cpu", 5f);
        using var lion = new Lion([p0, p1], learningRate: 0.1);
        SetGradient(p0, 1f);

        lion.Step();

        AssertClose([0.9], p0, Tolerance);
        AssertClose([5], p1, 0);
        AssertClose([0], State(lion, "m.1"), 0);
    }

    [Fact]
    public void StateTensors_Adam_NamesTwoBuffersPerParameterShapedLikeIt()
    {
        using var p0 = Parameter("cpu", 1f, 2f, 3f);
        using var p1 = Parameter("cpu", 4f);
        using var adam = new Adam([p0, p1]);

        var state = adam.StateTensors();

        Assert.Equal(["m.0", "m.1", "v.0", "v.1"], state.Select(entry => entry.Name).Order());
        Assert.Equal([3L], state.Single(entry => entry.Name == "v.0").Tensor.shape);
        Assert.Equal([1L], state.Single(entry => entry.Name == "m.1").Tensor.shape);
    }

    [Fact]
    public void Constructor_InsideDisposeScope_KeepsStateAliveAfterTheScope()
    {
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        Adam adam;
        using (torch.NewDisposeScope())
        {
            adam = new Adam([p], learningRate: 0.1);
        }
        using (adam)
        {
            SetGradient(p, 0.5f, -1f, 2f);
            adam.Step();
            AssertClose([0.9, -1.9, 0.4], p, Tolerance); // first Adam step ≈ η·sign(g), see AdamTests
        }
    }

    [Fact]
    public void Step_Repeated_LeavesNoLiveTensorsBehind()
    {
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var optimizer = new SparseLion([p], learningRate: 0.1, weightDecay: 0.1);
        SetGradient(p, 0.5f, 0f, -1f);
        optimizer.Step();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int i = 0; i < 5; i++)
        {
            optimizer.Step();
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Constructor_NoParameters_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Lion(Array.Empty<Parameter>()));
    }

    [Fact]
    public void LearningRate_SetToZero_Throws()
    {
        using var p = Parameter("cpu", 1f);
        using var lion = new Lion([p]);

        Assert.Throws<ArgumentOutOfRangeException>(() => lion.LearningRate = 0);
    }
}
