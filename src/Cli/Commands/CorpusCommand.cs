using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li corpus</c>: what a vocabulary makes of the books.</summary>
public static class CorpusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var vocabulary = new Option<VocabularyKind>("--vocabulary") { Description = "ascii or corpus.", DefaultValueFactory = _ => VocabularyKind.Ascii };
        var command = new Command("corpus", "Corpus statistics: characters, distinct characters, and what the vocabulary transliterates or cannot represent.");
        corpus.AddTo(command);
        command.Options.Add(vocabulary);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            TextCorpus text = corpus.Read(parse, cancellation, console.Preparation());
            CharacterVocabulary chosen = parse.GetValue(vocabulary) == VocabularyKind.Corpus
                ? CharacterVocabulary.FromTexts(text.Select(document => document.Text))
                : CharacterVocabulary.Ascii;
            CorpusStatistics statistics = CorpusStatistics.Compute(text, chosen, CorpusStatistics.DefaultTopCount, console.Preparation(), cancellation);
            var books = new Table().AddColumns("book", "characters", "encoded", "unrepresentable");
            foreach (DocumentStatistics document in statistics.Documents)
            {
                books.AddRow(Markup.Escape(document.Name), document.Characters.ToString("N0", CultureInfo.InvariantCulture),
                    document.EncodedCharacters.ToString("N0", CultureInfo.InvariantCulture), document.UnrepresentableCharacters.ToString("N0", CultureInfo.InvariantCulture));
            }
            console.Out.Write(books);
            console.Line($"{statistics.DocumentCount} book(s): {statistics.Characters:N0} characters, {statistics.DistinctCharacters} distinct; " +
                         $"{chosen.Kind} vocabulary of {chosen.Count} classes: {statistics.EncodedCharacters:N0} encoded, " +
                         $"{statistics.TransliteratedCharacters:N0} transliterated, {statistics.UnrepresentableCharacters:N0} unrepresentable.");
            if (statistics.TopUnrepresentable.Count > 0)
            {
                console.Line("Most frequent unrepresentable: " + string.Join(", ",
                    statistics.TopUnrepresentable.Select(count => $"U+{(int)count.Character:X4} x{count.Count}")));
            }
            // Statistics are what this command is for: books above the limit are reported, never refused here.
            foreach (string warning in UnrepresentableText.Check(text, chosen, force: true, cancellation))
            {
                console.Error.WriteLine(warning);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
