using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.MlNet;

/// <summary>
/// The optimisers, the learning-rate schedule and gradient clipping as the training loop applies them,
/// observed through the ML.NET trainer: its history and its trained weights.
/// </summary>
public class NetworkTrainerOptimizationTests
{
    [Theory]
    [InlineData(OptimizerKind.Lion)]
    [InlineData(OptimizerKind.SparseLion)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Fit_OptimizerWithExponentialSchedule_LossFallsEveryEpochAndRatesFollowTheClosedForm(OptimizerKind kind)
    {
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000);
        // Lion's default rate (1e-4) is tuned for long runs; 3e-4 makes four epochs of this tiny problem move.
        var optimizer = new OptimizerOptions { Kind = kind, LearningRate = kind is OptimizerKind.Lion or OptimizerKind.SparseLion ? 3e-4 : 1e-3 };
        var schedule = new ScheduleOptions { Kind = ScheduleKind.Exponential, ExponentialGamma = 0.5, MinLearningRate = optimizer.LearningRate / 5 };
        var options = new HighOrderMlpTrainer.Options
        {
            Network = new() { HiddenWidth = 16 },
            Training = new TrainingOptions { MaxEpochs = 4, BatchSize = 128, Threads = 1, Optimizer = optimizer, Schedule = schedule },
        };

        NetworkModel model = mlContext.MulticlassClassification.Trainers.HighOrderMlp(options).Fit(data.Train);

        IReadOnlyList<EpochReport> epochs = model.History.Epochs;
        Assert.Equal(4, epochs.Count);
        // Epoch e trains at max(lr0 · γ^(e−1), lrMin): 1, 1/2, 1/4 of lr0, then the floor lr0/5 instead of lr0/8.
        double[] expected = [optimizer.LearningRate, optimizer.LearningRate / 2, optimizer.LearningRate / 4, optimizer.LearningRate / 5];
        Assert.Equal(expected, epochs.Select(epoch => epoch.LearningRate), (a, b) => Math.Abs(a - b) <= 1e-15 * a);
        // A step that did not move the weights would leave the mean training loss of the next epoch unchanged.
        for (int e = 1; e < epochs.Count; e++)
        {
            Assert.True(epochs[e].TrainLoss < epochs[e - 1].TrainLoss, $"{kind}: epoch {e + 1} loss {epochs[e].TrainLoss:F4} after {epochs[e - 1].TrainLoss:F4}");
        }
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss - 0.1, $"{kind}: {epochs[0].TrainLoss:F4} -> {epochs[^1].TrainLoss:F4}");
    }

    [Fact]
    public void Fit_GradientClipNorm_StepIsTheGradientScaledToTheLimit()
    {
        // Adam's first step is θ ← θ − η·g / (|g| + ε) elementwise (m̂ = g, √v̂ = |g|). With η = ε = 1e6, far above
        // any |g| here, that is θ − g to float precision: plain gradient descent at rate 1, so the change of the
        // weights over one full-batch step IS the (clipped) gradient. Comparing the runs needs nothing but the
        // trained weights, and the limit is checked against the unclipped gradient measured the same way.
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 600);
        double[] initial = TrainedWeights(mlContext, data, learningRate: 1e-30, clip: 0); // a step too small to change a float
        double[] unclipped = TrainedWeights(mlContext, data, learningRate: 1e6, clip: 0);
        double[] gradient = Difference(initial, unclipped);
        double norm = Norm(gradient);
        double limit = norm / 3;

        double[] clipped = Difference(initial, TrainedWeights(mlContext, data, learningRate: 1e6, clip: limit));
        double[] notBinding = Difference(initial, TrainedWeights(mlContext, data, learningRate: 1e6, clip: 2 * norm));

        Assert.True(norm > 1e-2, $"gradient norm {norm}"); // large enough for float weights to resolve the step
        // The clipped step has the limit as its global norm (1e-3 relative: float32 weights of about 0.1 to 1
        // resolve steps of this size to about 1e-5)...
        Assert.Equal(limit, Norm(clipped), limit * 1e-3);
        // ...and the direction of the whole gradient: one factor for every parameter, not a clip per tensor.
        double cosine = gradient.Zip(clipped, (a, b) => a * b).Sum() / (norm * Norm(clipped));
        Assert.True(cosine > 1 - 1e-6, $"cosine {cosine}");
        // A limit above the norm leaves the gradient as it is.
        Assert.Equal(norm, Norm(notBinding), norm * 1e-6);
    }

    // The trained weights after one full-batch Adam step (ε = 1e6), flattened in parameter order.
    private static double[] TrainedWeights(MLContext mlContext, CharacterWindowData data, double learningRate, double clip)
    {
        var options = new HighOrderMlpTrainer.Options
        {
            Network = new() { HiddenWidth = 8, InputSegments = 16 },
            Training = new TrainingOptions
            {
                MaxEpochs = 1,
                BatchSize = 100_000,
                Threads = 1,
                GradientClipNorm = clip,
                Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = learningRate, Epsilon = 1e6 },
                Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant }, // the other schedules' floor exceeds 1e-30
            },
        };
        NetworkModel model = mlContext.MulticlassClassification.Trainers.HighOrderMlp(options).Fit(data.Train);
        return [.. model.Network.parameters().SelectMany(parameter => parameter.detach().to(TorchSharp.torch.float64).data<double>().ToArray())];
    }

    private static double[] Difference(double[] from, double[] to) => [.. from.Zip(to, (a, b) => b - a)];

    private static double Norm(double[] values) => Math.Sqrt(values.Sum(value => value * value));
}
