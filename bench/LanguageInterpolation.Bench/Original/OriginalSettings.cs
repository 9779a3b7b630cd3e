using System.Globalization;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;

namespace LanguageInterpolation.Bench.Original;

/// <summary>The options of <c>li-bench original</c> (see <see cref="OriginalComparison"/>).</summary>
internal sealed record OriginalSettings
{
    /// <summary>The presets the original's reference script knows.</summary>
    public static readonly string[] KnownPresets = ["small", "large_standard", "large_single_layer"];

    /// <summary>A checkout of jloveric/high-order-layers-torch; null skips the original.</summary>
    public string? CheckoutOrNull { get; init; }

    /// <summary>The checkout (only read when the original runs).</summary>
    public string Checkout => CheckoutOrNull ?? throw new InvalidOperationException("No checkout of the original was given.");

    /// <summary>The original's reference script, ref_hol.py.</summary>
    public required string Script { get; init; }

    /// <summary>The Python interpreter (Debian's, which has python3-torch).</summary>
    public required string Python { get; init; }

    /// <summary>The book both programs train on.</summary>
    public required string Book { get; init; }

    /// <summary>Presets to compare, in order.</summary>
    public required IReadOnlyList<string> Presets { get; init; }

    /// <summary>Epochs per run (accuracy is evaluated after every one).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Epochs of each of our runs: by default twice <see cref="Epochs"/>, so that a run which reaches the
    /// original's last accuracy an epoch or two later (the accuracy wanders by ±0.005 from epoch to epoch near the
    /// end) still gets a time to accuracy; our throughput and per-epoch accuracy figures are those of the same epochs
    /// as the original's.</summary>
    public int OurEpochs { get; init; } = 40;

    /// <summary>Rounds of A B (original, ours) per preset.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Threads of each program (torch.set_num_threads, TorchSharp threads).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The original stops after the epoch that passes this many training minutes (ref_hol.py's limit).</summary>
    public double TimeLimitMinutes { get; init; } = 15;

    /// <summary>Where the report goes.</summary>
    public required string Output { get; init; }

    /// <summary>Reads the command's options; names every bad one.</summary>
    public static OriginalSettings Parse(string[] args)
    {
        var arguments = Arguments.Parse(args);
        string root = MachineInfo.RepositoryRoot;
        int epochs = int.Parse(arguments.Get("epochs", "20"), CultureInfo.InvariantCulture);
        var settings = new OriginalSettings
        {
            CheckoutOrNull = arguments.TryGet("original"),
            Script = arguments.Get("script", FindReferenceScript(root) ?? Path.Combine(root, "..", "shared", "tools", "ref_hol.py")),
            Python = arguments.Get("python", "/usr/bin/python3"),
            Book = arguments.Get("book", Path.Combine(root, "data", "gutenberg", "pg50133-dunwich-horror.txt")),
            Presets = arguments.Get("presets", "small,large_standard").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Epochs = epochs,
            OurEpochs = arguments.TryGet("our-epochs") is string ourEpochs ? int.Parse(ourEpochs, CultureInfo.InvariantCulture) : 2 * epochs,
            Rounds = int.Parse(arguments.Get("rounds", "2"), CultureInfo.InvariantCulture),
            Threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture),
            TimeLimitMinutes = double.Parse(arguments.Get("original-time-limit-min", "15"), CultureInfo.InvariantCulture),
            Output = arguments.Get("output", Path.Combine(root, "bench", "results", "original-side-by-side.md")),
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        var problems = new List<string>();
        foreach (string preset in Presets.Where(preset => !KnownPresets.Contains(preset)))
        {
            problems.Add($"preset '{preset}' has no configuration in the original's reference script (known: {string.Join(", ", KnownPresets)})");
        }
        if (Presets.Count == 0)
        {
            problems.Add("--presets names no preset");
        }
        if (OurEpochs < Epochs)
        {
            problems.Add($"--our-epochs must be at least --epochs (got {OurEpochs} and {Epochs})");
        }
        if (Epochs < 1 || Rounds < 1 || Threads < 1)
        {
            problems.Add($"--epochs, --rounds and --threads must be at least 1 (got {Epochs}, {Rounds}, {Threads})");
        }
        if (CheckoutOrNull is string checkout && !Directory.Exists(Path.Combine(checkout, "high_order_layers_torch")))
        {
            problems.Add($"--original {checkout} is not a checkout of jloveric/high-order-layers-torch (no high_order_layers_torch folder)");
        }
        if (CheckoutOrNull is not null && !File.Exists(Script))
        {
            problems.Add($"the reference script {Script} does not exist (give --script PATH to ref_hol.py)");
        }
        if (!File.Exists(Book))
        {
            problems.Add($"the book {Book} does not exist");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid options for li-bench original: " + string.Join("; ", problems) + ".");
        }
    }

    // shared/tools/ref_hol.py sits next to the repository (../shared from the main checkout, ../../shared from a
    // worktree): the first one found walking up from the repository root.
    private static string? FindReferenceScript(string root)
    {
        for (string? folder = Path.GetDirectoryName(root); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            string candidate = Path.Combine(folder, "shared", "tools", "ref_hol.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
