using System.Collections.Immutable;
using LanguageInterpolation.Analyzers;
using LanguageInterpolation.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Analyzers;

/// <summary>
/// The TorchSharp Scalar lifetime rules: the analyzer's member list is what TorchSharp's IL says, and the analyzer
/// flags the unheld forms and passes the held ones.
/// </summary>
public sealed class TemporaryScalarAnalyzerTests
{
    private static readonly string MemberListPath = Path.Combine(TestData.RepositoryRoot, "build", "Analyzers", "TemporaryScalarMembers.txt");

    [Fact]
    public void MemberList_IsWhatTorchSharpsIlMakesAndDrops()
    {
        IReadOnlyList<string> scanned = TemporaryScalarScan.Members(typeof(torch).Assembly.Location);
        if (Environment.GetEnvironmentVariable("LI_WRITE_TEMPORARY_SCALAR_MEMBERS") == "1")
        {
            File.WriteAllLines(MemberListPath, [$"# TorchSharp {typeof(torch).Assembly.GetName().Version}: members that make a Scalar and drop it (written by {nameof(TemporaryScalarAnalyzerTests)}).", .. scanned]);
        }
        string[] listed = [.. File.ReadAllLines(MemberListPath).Where(line => line.Length > 0 && line[0] != '#')];

        Assert.Contains("TorchSharp.torch+Tensor.add(TorchSharp.torch+Tensor)", scanned); // add(other) is add(other, 1)
        Assert.DoesNotContain("TorchSharp.torch+Tensor.add(TorchSharp.torch+Tensor,TorchSharp.Scalar)", scanned);
        Assert.True(scanned.SequenceEqual(listed), "build/Analyzers/TemporaryScalarMembers.txt is out of date for this TorchSharp; rerun this test with LI_WRITE_TEMPORARY_SCALAR_MEMBERS=1. "
            + $"Missing: {string.Join("; ", scanned.Except(listed).Take(10))}. Extra: {string.Join("; ", listed.Except(scanned).Take(10))}.");
    }

    [Theory]
    [InlineData("Tensor F(Tensor a) => a.mul(0.5);", "LI0001")]
    [InlineData("Tensor F(Tensor a) { Scalar half = 0.5; return a.mul(half); }", "LI0001")]        // a plain local dies at its last use
    [InlineData("Tensor F(Tensor a) => a.mul(1.5.ToScalar());", "LI0001")]
    [InlineData("Tensor F(Tensor a, Tensor b) => a + b;", "LI0002")]                             // alpha 1 made inside
    [InlineData("Tensor F(Tensor a, Tensor b) => a.add(b);", "LI0002")]
    [InlineData("Tensor F(Tensor a) => a * 2.0;", "LI0002")]
    [InlineData("void F(Tensor a, Tensor b) { a += b; }", "LI0002")]
    [InlineData("Tensor F(Tensor a) { using Scalar half = 0.5; return a.mul(half); }", "")]
    [InlineData("Tensor F(Tensor a) { using (Scalar half = 0.5) { return a.mul(half); } }", "")]
    [InlineData("static readonly Scalar One = 1; Tensor F(Tensor a, Tensor b) => a.add(b, One);", "")]
    [InlineData("static Scalar Half() => 0.5; Tensor F(Tensor a, Tensor b) => a * b - b.sum();", "")]
    public void Analyzer_FlagsUnheldScalarsOnly(string member, string expected)
    {
        ImmutableArray<Diagnostic> diagnostics = Analyze($$"""
            using TorchSharp;
            using static TorchSharp.torch;
            public class C { {{member}} }
            """);

        Assert.Equal(expected, string.Join(",", diagnostics.Select(diagnostic => diagnostic.Id).Distinct()));
    }

    // The runtime's assemblies and TorchSharp, read once for all cases.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(torch).Assembly.Location),
    ]);

    private static ImmutableArray<Diagnostic> Analyze(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Probe",
            [CSharpSyntaxTree.ParseText(source)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        return compilation.WithAnalyzers([new TemporaryScalarAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
