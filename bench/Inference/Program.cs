using LanguageInterpolation.Bench.Inference;
using LanguageInterpolation.Transforms.IO;

// Usage: dotnet run -c Release --project bench/Inference -- [--preset large_single_layer] [--train-chars 20000]
//        [--epochs 1] [--batch-size 1024] [--seconds 2] [--threads 0] [--output bench/results/inference.md]
try
{
    BenchmarkSettings settings = BenchmarkSettings.Parse(args);
    string root = FindRepositoryRoot();
    BenchmarkResult result = new InferenceBenchmark(settings).Run(root);
    string command = "dotnet run -c Release --project bench/Inference --" + string.Concat(args.Select(arg => " " + arg));
    string output = Path.IsPathRooted(settings.Output) ? settings.Output : Path.Combine(root, settings.Output);
    string report = result.ToMarkdown(command);
    AtomicFile.WriteAllText(output, report);
    Console.WriteLine(report);
    Console.Error.WriteLine($"Report written to {output}.");
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

static string FindRepositoryRoot()
{
    foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (string? folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "LanguageInterpolation.slnx")))
            {
                return folder;
            }
        }
    }
    throw new ArgumentException("Run the benchmark from inside the repository (no LanguageInterpolation.slnx found above the current folder).");
}
