using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class SparseLionTests
{
    // float32 values of magnitude <= 2 after a handful of ops: rounding stays below ~5e-7.
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void Step_OnlyMiddleGradientNonZero_ChangesOnlyMiddleEntryAndKeepsOthersMomentum(string device)
    {
        // η = 0.1, β1 = 0.9, β2 = 0.99; θ0 = [1, -2, 0.5], m0 = 0.
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var lion = new SparseLion([p], learningRate: 0.1, beta1: 0.9, beta2: 0.99);

        // Step 1, every entry active, g = [0.5, -1, 2]: as Lion, θ = [0.9, -1.9, 0.4], m = [0.005, -0.01, 0.02]
        SetGradient(p, 0.5f, -1f, 2f);
        lion.Step();
        AssertClose([0.9, -1.9, 0.4], p, Tolerance);
        AssertClose([0.005, -0.01, 0.02], State(lion, "m.0"), Tolerance);

        // Step 2, g = [0, 0.5, 0]: only entry 1 is active.
        //   entry 1: c = 0.9·(-0.01) + 0.1·0.5 = 0.041 → θ = -1.9 - 0.1 = -2.0; m = -0.0099 + 0.005 = -0.0049
        //   entries 0 and 2 keep θ and m. (Plain Lion would give θ0 = 0.9 - 0.1·sign(0.0045) = 0.8, m0 = 0.00495.)
        SetGradient(p, 0f, 0.5f, 0f);
        lion.Step();
        AssertClose([0.9, -2.0, 0.4], p, Tolerance);
        AssertClose([0.005, -0.0049, 0.02], State(lion, "m.0"), Tolerance);
    }

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void Step_WeightDecay_ShrinksActiveEntriesOnly(string device)
    {
        // η = 0.1, λ = 0.5, θ = [1, -2, 0.5], g = [0.5, 0, -1]: entries 0 and 2 active.
        //   entry 0: 1·0.95 - 0.1·sign(0.05) = 0.85;  entry 2: 0.5·0.95 - 0.1·sign(-0.1) = 0.575;  entry 1 stays -2.
        // The original's decay acted on a copy, which would leave [0.9, -2, 0.6].
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var lion = new SparseLion([p], learningRate: 0.1, weightDecay: 0.5);
        SetGradient(p, 0.5f, 0f, -1f);

        lion.Step();

        AssertClose([0.85, -2.0, 0.575], p, Tolerance);
    }
}
