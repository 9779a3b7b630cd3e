using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Corpus;
using Microsoft.ML;

namespace LanguageInterpolation.Bench.Automaton;

/// <summary>
/// Text repair with the language cellular automaton: a held-out passage (the last characters of the book, inside
/// the held-out split) is corrupted (a share of its characters replaced at random, seeded), the automaton runs on
/// it with each centered model, and the character error rate against the original passage is reported before and
/// after 1, 3 and 10 steps, rewriting every position, only the implausible ones, or only where another character is
/// a-posteriori the likelier original under the true corruption rate (<see cref="AutomatonOptions.CorruptionPrior"/>).
/// Usage: li-bench automaton --models a.zip,b.zip [--book FILE] [--passage-chars 1000] [--output FILE]
/// </summary>
internal static class AutomatonBenchmark
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";

    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        string[] models = arguments.Get("models", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string book = arguments.Get("book", Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt"));
        int passageLength = int.Parse(arguments.Get("passage-chars", "1000"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", "automaton-repair.md"));
        string text = string.Concat(CorpusReader.Read([book]).Select(document => document.Text));
        string passage = text[^passageLength..];
        var report = new StringBuilder();
        report.AppendLine("# Text repair with the language cellular automaton").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["automaton", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {MachineInfo.Machine()}; load average at start {MachineInfo.LoadAverage()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Passage: the last {passageLength:N0} characters of {Path.GetFileName(book)} (inside the held-out test split); corruption replaces the given share of positions (seed 0) by a different character from \"{Alphabet}\". Character error rate (CER) = share of positions that differ from the original passage. Greedy steps (top-k 1); ends padded with spaces.");
        report.AppendLine().AppendLine("| model | corrupted | rewrite | CER before | after 1 step | after 3 steps | after 10 steps |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (string model in models)
        {
            var mlContext = new MLContext(0);
            LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, model);
            using var scorer = new PredictionEngineScorer(mlContext, loaded.Model, loaded.Card.VocabularyObject, loaded.Card.WindowSize);
            var automaton = new LanguageAutomaton(scorer);
            foreach (double fraction in new[] { 0.05, 0.10 })
            {
                string corrupted = TextCorruption.Corrupt(passage, fraction, Alphabet, seed: 0);
                (string Rule, AutomatonOptions Options)[] rules =
                [
                    ("every position", new AutomatonOptions { Steps = 10 }),
                    ("p(current) < 0.01", new AutomatonOptions { Steps = 10, RewriteBelow = 0.01 }),
                    (string.Create(CultureInfo.InvariantCulture, $"a-posteriori, prior {fraction:P0}"), new AutomatonOptions { Steps = 10, CorruptionPrior = fraction }),
                ];
                foreach (var (rule, options) in rules)
                {
                    IReadOnlyList<string> steps = automaton.Run(corrupted, options);
                    double Cer(string candidate) => TextCorruption.CharacterErrorRate(passage, candidate);
                    string line = string.Create(CultureInfo.InvariantCulture,
                        $"| {Path.GetFileNameWithoutExtension(model)} ({loaded.Card.Trainer}, window {loaded.Card.WindowSize}) | {fraction:P0} | {rule} | {Cer(corrupted):F3} | {Cer(steps[0]):F3} | {Cer(steps[2]):F3} | {Cer(steps[9]):F3} |");
                    Console.WriteLine(line);
                    report.AppendLine(line);
                }
            }
        }
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }
}
