using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Tests.Cli;
using LanguageInterpolation.Tests.Support;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

/// <summary>
/// Tiny members trained once per test run through <c>li train</c> on the first 6,000 characters: three LightGBM
/// models (3 rounds of 8 leaves), Dunwich (ASCII, window 8), Alice (ASCII, window 6) and Die Verwandlung (corpus
/// vocabulary, window 8), so that windows and vocabularies differ, and one network, tinyshakespeare (relu_mlp,
/// 2 epochs, window 8). Tests read them and never change them.
/// </summary>
public static class TinyMembers
{
    /// <summary>Characters of every book the members were trained on.</summary>
    public const int MaxCharacters = 6_000;

    private static readonly Lazy<string> Trained = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding dunwich.zip, alice.zip, verwandlung.zip and shakespeare.zip.</summary>
    public static string Folder => Trained.Value;

    /// <summary>The model zip of a member.</summary>
    public static string Model(string name) => Path.Combine(Folder, name + ".zip");

    /// <summary>A member specification with its book.</summary>
    public static MemberSpecification Member(string name) => new(name, Model(name), [Book(name)]);

    /// <summary>The book of a member.</summary>
    public static string Book(string name) => TestData.Book(name switch
    {
        "dunwich" => TestData.Dunwich,
        "alice" => TestData.Alice,
        "verwandlung" => TestData.Verwandlung,
        "shakespeare" => TestData.TinyShakespeare,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown tiny member"),
    });

    /// <summary>The held-out settings the members were trained with.</summary>
    public static HeldOutText HeldOut => new() { MaxCharacters = MaxCharacters };

    private static string Train()
    {
        string folder = TestData.NewScratchFolder();
        foreach (var (name, window, vocabulary) in new[] { ("dunwich", "8", "ascii"), ("alice", "6", "ascii"), ("verwandlung", "8", "corpus") })
        {
            var run = CliRun.Run("train", "--trainer", "lightgbm", "--book", Book(name), "--max-chars", MaxCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--window", window, "--vocabulary", vocabulary, "--iterations", "3", "--leaves", "8", "--threads", "1", "--output", Path.Combine(folder, name + ".zip"));
            if (run.ExitCode != ExitCodes.Success)
            {
                throw new InvalidOperationException($"Training the tiny member {name} failed: {run.Error}");
            }
        }
        var network = CliRun.Run("train", "--trainer", "relu_mlp", "--book", Book("shakespeare"), "--max-chars", MaxCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--window", "8", "--epochs", "2", "--threads", "1", "--output", Path.Combine(folder, "shakespeare.zip"));
        if (network.ExitCode != ExitCodes.Success)
        {
            throw new InvalidOperationException($"Training the tiny network member failed: {network.Error}");
        }
        return folder;
    }
}
