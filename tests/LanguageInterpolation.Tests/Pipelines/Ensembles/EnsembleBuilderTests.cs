using System.IO.Compression;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class EnsembleBuilderTests
{
    private readonly MLContext _mlContext = new MLContext(0).RegisterLanguageInterpolation();

    [Fact]
    public void CreateAddRemove_RefitsOnlyTheMixing_MembersUntouched()
    {
        string manifest = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        string dunwichHash = LoadedMember.Sha256(TinyMembers.Model("dunwich"));

        EnsembleManifest created = EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich"), TinyMembers.Member("alice")], TinyMembers.HeldOut);
        EnsembleManifest added = EnsembleBuilder.Add(_mlContext, manifest, TinyMembers.Member("verwandlung"));
        EnsembleManifest removed = EnsembleBuilder.Remove(_mlContext, manifest, "alice");

        Assert.Equal(["dunwich", "alice"], created.Members.Select(member => member.Source));
        Assert.Equal(["dunwich", "alice", "verwandlung"], added.Members.Select(member => member.Source));
        Assert.Equal(["dunwich", "verwandlung"], removed.Members.Select(member => member.Source));
        Assert.Equal(dunwichHash, LoadedMember.Sha256(TinyMembers.Model("dunwich")));
        Assert.All(new[] { created, added, removed }, result => Assert.Equal(1.0, result.Mixing.StaticWeights.Sum(), 9));
        Assert.Equal(removed.ToJson(), EnsembleManifest.Load(manifest).ToJson());
        // The static mixture is fitted to minimise validation bits, so it does no worse than any member alone.
        double best = removed.Members.Min(member => removed.Mixing.ValidationBitsPerCharacter["member:" + member.Source]);
        Assert.True(removed.Mixing.ValidationBitsPerCharacter["static"] <= best + 1e-9);
    }

    [Fact]
    public void Evaluate_MixedVocabulariesAndWindows_EveryFigureFiniteAndMembersMatchTheirOwnScoring()
    {
        string manifest = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich"), TinyMembers.Member("alice"), TinyMembers.Member("verwandlung")], TinyMembers.HeldOut);
        LoadedEnsemble ensemble = LoadedEnsemble.Load(_mlContext, manifest);

        LoadedMember reference = ensemble.Members[0];
        IReadOnlyList<SourceEvaluation> rows = EnsembleEvaluator.EvaluateSources(_mlContext, ensemble, HeldOutBlock.Test, reference);

        Assert.Equal(8, ensemble.WindowSize);
        Assert.Equal('\uFFFD', ensemble.Vocabulary.Characters[^1]); // the union of ASCII and a corpus vocabulary
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.True(double.IsFinite(row.StaticBitsPerCharacter) && row.StaticBitsPerCharacter > 0));
        Assert.All(rows, row => Assert.True(double.IsFinite(row.SwitchingBitsPerCharacter)));
        Assert.All(rows, row => Assert.True(double.IsFinite(row.LogLinearBitsPerCharacter!.Value)));
        Assert.Equal(3, ensemble.FittedMixing.LogLinearWeights!.Count);
        // Die Verwandlung is German: its own member reads it better than the English ones do.
        SourceEvaluation german = rows.Single(row => row.Source == "verwandlung");
        Assert.True(german.MemberBitsPerCharacter["verwandlung"] < german.MemberBitsPerCharacter["dunwich"]);
        // A reference model reads exactly the characters the members read: the Dunwich member as reference matches itself.
        Assert.All(rows, row => Assert.Equal(row.MemberBitsPerCharacter["dunwich"], row.ReferenceBitsPerCharacter!.Value, 12));
    }

    [Fact]
    public void ScorePassage_MemberProbability_EqualsItsPredictionEngineOnTheSameWindow()
    {
        string manifest = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich"), TinyMembers.Member("alice")], TinyMembers.HeldOut);
        LoadedEnsemble ensemble = LoadedEnsemble.Load(_mlContext, manifest);
        const string passage = "the old man walked up the hill at dusk";

        double[][] rows = MemberScores.ScorePassage(_mlContext, ensemble, passage);

        // An independent path: one window at a time through ML.NET's PredictionEngine.
        LoadedMember alice = ensemble.Members[1];
        using var engine = new LanguageInterpolation.Pipelines.Generation.PredictionEngineScorer(_mlContext, alice.Model.Model, alice.Model.Card.VocabularyObject, 6);
        var probabilities = new float[128];
        Assert.Equal(passage.Length - 8, rows.Length);
        for (int t = 8; t < passage.Length; t++)
        {
            engine.Score(Ascii(passage.Substring(t - 6, 6)), probabilities);
            Assert.Equal(probabilities[passage[t]], rows[t - 8][1], 6);
        }
    }

    [Fact]
    public void Generate_EnsembleScorer_IsTheWeightedSumOfMembersAndSumsToOne()
    {
        string manifest = Path.Combine(TestData.NewScratchFolder(), "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich"), TinyMembers.Member("alice")], TinyMembers.HeldOut);
        LoadedEnsemble ensemble = LoadedEnsemble.Load(_mlContext, manifest);
        using var scorer = new EnsembleScorer(_mlContext, ensemble);
        var mixed = new float[128];
        int[] window = Ascii("Who are ");

        scorer.Score(window, mixed);

        var expected = new double[128];
        for (int m = 0; m < 2; m++)
        {
            LoadedMember member = ensemble.Members[m];
            int size = member.Model.Card.WindowSize;
            using var engine = new LanguageInterpolation.Pipelines.Generation.PredictionEngineScorer(_mlContext, member.Model.Model, member.Model.Card.VocabularyObject, size);
            var own = new float[128];
            engine.Score(window[^size..], own);
            for (int c = 0; c < 128; c++)
            {
                expected[c] += ensemble.FittedMixing.StaticWeights[m] * own[c];
            }
        }
        Assert.Equal(1.0, mixed.Sum(), 4);
        Assert.Equal(expected, mixed.Select(p => (double)p), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void BadInput_OneLineErrors_ManifestLeftAsItWas()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich")], TinyMembers.HeldOut);
        string before = File.ReadAllText(manifest);
        string corrupt = Path.Combine(folder, "corrupt.zip");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(TinyMembers.Model("alice"))[..1000]);
        string foreign = Path.Combine(folder, "foreign.zip");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            zip.CreateEntry("hello.txt");
        }
        string newer = Path.Combine(folder, "newer.zip");
        File.Copy(TinyMembers.Model("alice"), newer);
        using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            var card = zip.GetEntry("LanguageInterpolation/card.json")!;
            string json;
            using (var reader = new StreamReader(card.Open()))
            {
                json = reader.ReadToEnd();
            }
            card.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("LanguageInterpolation/card.json").Open());
            writer.Write(json.Replace("\"FormatVersion\": 1", "\"FormatVersion\": 99", StringComparison.Ordinal));
        }

        var errors = new Exception[]
        {
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Add(_mlContext, manifest, new MemberSpecification("alice", corrupt, [TinyMembers.Book("alice")]))),
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Add(_mlContext, manifest, new MemberSpecification("alice", foreign, [TinyMembers.Book("alice")]))),
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Add(_mlContext, manifest, new MemberSpecification("alice", newer, [TinyMembers.Book("alice")]))),
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Add(_mlContext, manifest, TinyMembers.Member("dunwich") with { ModelPath = TinyMembers.Model("alice") })),
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Remove(_mlContext, manifest, "dunwich")),
            Assert.ThrowsAny<InvalidDataException>(() => EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("alice")], TinyMembers.HeldOut)),
        };

        Assert.Contains("Corrupt model file", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("Not a LanguageInterpolation model", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("card format 99", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("source name 'dunwich'", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("last member", errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("already exists", errors[5].Message, StringComparison.Ordinal);
        Assert.All(errors, error => Assert.DoesNotContain('\n', error.Message));
        Assert.Equal(before, File.ReadAllText(manifest));
    }

    [Fact]
    public void ValidationTextShorterThanAWindow_OneLineError_NoManifest()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");
        string tiny = Path.Combine(folder, "tiny.txt");
        File.WriteAllText(tiny, "A short text of sixty characters or so, far too short, yes.");

        var error = Assert.Throws<InvalidDataException>(() =>
            EnsembleBuilder.Create(_mlContext, manifest, [new MemberSpecification("tiny", TinyMembers.Model("dunwich"), [tiny])], TinyMembers.HeldOut));

        Assert.Contains("validation text of source 'tiny'", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than the longest member window (8)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(manifest));
    }

    [Fact]
    public void Load_ManifestPointingAtAMissingModel_NamesTheMemberAndFile()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "dunwich.zip");
        File.Copy(TinyMembers.Model("dunwich"), model);
        string manifest = Path.Combine(folder, "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [new MemberSpecification("dunwich", model, [TinyMembers.Book("dunwich")])], TinyMembers.HeldOut);
        Assert.Equal("dunwich.zip", EnsembleManifest.Load(manifest).Members[0].Model); // stored relative to the manifest
        File.Delete(model);

        var error = Assert.Throws<FileNotFoundException>(() => LoadedEnsemble.Load(_mlContext, manifest));

        Assert.Contains("member 'dunwich' points at a missing model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MemberZipReplacedSinceTheFit_RefusedAsChanged()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "dunwich.zip");
        File.Copy(TinyMembers.Model("dunwich"), model);
        string manifest = Path.Combine(folder, "ensemble.json");
        EnsembleBuilder.Create(_mlContext, manifest, [new MemberSpecification("dunwich", model, [TinyMembers.Book("dunwich")]), TinyMembers.Member("alice")], TinyMembers.HeldOut);
        File.Copy(TinyMembers.Model("alice"), model, overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => LoadedEnsemble.Load(_mlContext, manifest));

        Assert.Contains("changed since the mixing was fitted", error.Message, StringComparison.Ordinal);
    }

    private static int[] Ascii(string text) => text.Select(character => (int)character).ToArray();
}
