using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;

namespace LanguageInterpolation.Tests.Trainers.Networks.Toy;

/// <summary>
/// A network type defined outside the library, to show that a type is a folder plus one registration: a
/// causal "running mean" sequence model, logits at every position from the mean of the embeddings so far.
/// </summary>
public sealed record RunningMeanConfig : NetworkConfig
{
    public const string TypeName = "toy_running_mean";

    [JsonIgnore]
    public override string NetworkType => TypeName;

    public int Width { get; init; } = 8;

    public override long ParameterCount() => (long)VocabularySize * Width + (Width + 1L) * VocabularySize;

    protected override void AddProblems(List<string> problems) => Require(problems, Width >= 1, $"{nameof(Width)} must be at least 1 (got {Width})");

    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new RunningMean(this, generator);
}
