using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class EnsembleManifestTests
{
    private static EnsembleManifest Sample(params string[] sources) => new()
    {
        Members = sources.Select(source => new EnsembleMember(source, $"models/{source}.zip", [$"{source}.txt"], "lightgbm", 8, "00")).ToArray(),
        Mixing = new MixingParameters(sources.Select(_ => 1.0 / sources.Length).ToArray(), 0.01, 100,
            new Dictionary<string, double> { ["static"] = 2.5 }, new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc)),
    };

    [Fact]
    public void SaveLoad_RoundTrips()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        EnsembleManifest manifest = Sample("a", "b");

        manifest.Save(path);

        Assert.Equal(manifest.ToJson(), EnsembleManifest.Load(path).ToJson());
        Assert.Contains("\"static_weights\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"format_version\": 1", "\"format_version\": 7", "format 7; this version reads up to 1")]
    [InlineData("\"source\": \"b\"", "\"source\": \"a\"", "source name 'a'")]
    [InlineData("\"switching_rate\"", "\"switching_rat\"", "Not an ensemble manifest")]
    [InlineData("\"model\": \"models/b.zip\",", "\"model\": \"models/b.zip\"", "Not an ensemble manifest")]
    public void Load_BadManifest_OneLineError(string from, string to, string expected)
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        Sample("a", "b").Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => EnsembleManifest.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_BelowTheManifest_Relative_Elsewhere_Absolute()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");

        Assert.Equal("models/a.zip", EnsembleManifest.Store(manifest, Path.Combine(folder, "models", "a.zip")));
        Assert.Equal("/elsewhere/a.zip", EnsembleManifest.Store(manifest, "/elsewhere/a.zip"));
        Assert.Equal(Path.Combine(folder, "models", "a.zip"), EnsembleManifest.Resolve(manifest, "models/a.zip"));
    }
}
