using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Corpus;

public sealed class GutenbergBoilerplateTests
{
    // The kept body of each shipped book, as 1-based inclusive line ranges found by reading the files:
    // the first and last lines of book text between the START/END markers (after the "Produced by"
    // credits for Dunwich), or before the old one-line end marker for the German file.
    [Theory]
    [InlineData(TestData.Dunwich, 39, 1751, "                       _The_ Dunwich Horror", "than he did._\"")]
    [InlineData(TestData.Alice, 25, 3404, "[Illustration]", "THE END")]
    [InlineData(TestData.Pride, 18, 14546, "                            [Illustration:", "TOOKS COURT, CHANCERY LANE, LONDON.")]
    [InlineData(TestData.Verwandlung, 2, 1922, "                          DIE VERWANDLUNG", "ihren jungen Körper dehnte.")]
    public void Strip_ShippedBook_KeepsExactlyTheBookLines(string book, int firstLine, int lastLine, string opening, string ending)
    {
        string raw = File.ReadAllText(TestData.Book(book));
        string[] lines = raw.Split('\n');
        string expected = string.Join('\n', lines[(firstLine - 1)..lastLine]);

        string body = GutenbergBoilerplate.Strip(raw);

        Assert.Equal(expected.Length, body.Length);
        Assert.Equal(expected, body);
        Assert.StartsWith(opening + "\n", body, StringComparison.Ordinal);
        Assert.EndsWith(ending, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestData.Dunwich)]
    [InlineData(TestData.Alice)]
    [InlineData(TestData.Pride)]
    [InlineData(TestData.Verwandlung)]
    public void Strip_ShippedBook_LeavesNoGutenbergText(string book)
    {
        // None of these four books mentions Gutenberg in its own text (checked with grep on the kept lines).
        string body = GutenbergBoilerplate.Strip(File.ReadAllText(TestData.Book(book)));

        Assert.DoesNotContain("Gutenberg", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Produced by Greg Weeks", body, StringComparison.Ordinal);
        Assert.DoesNotContain("license", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("***", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Strip_TinyShakespeare_KeptWhole()
    {
        string raw = File.ReadAllText(TestData.Book(TestData.TinyShakespeare));

        string body = GutenbergBoilerplate.Strip(raw);

        Assert.Equal(1_115_394, body.Length);
        Assert.Same(raw, body);
        Assert.False(GutenbergBoilerplate.HasMarkers(raw));
    }

    [Theory]
    [InlineData(TestData.Dunwich)]
    [InlineData(TestData.Verwandlung)]
    [InlineData(TestData.Pride)]
    public void Strip_AlreadyStrippedText_IsUnchanged(string book)
    {
        string once = GutenbergBoilerplate.Strip(File.ReadAllText(TestData.Book(book)));

        Assert.Equal(once, GutenbergBoilerplate.Strip(once));
        Assert.False(GutenbergBoilerplate.HasMarkers(once));
    }

    [Fact]
    public void Strip_IndentedMarkers_AreFound()
    {
        const string raw = "Header\n   *** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nBody line.\n\n\t*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence";

        Assert.Equal("Body line.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_OldThisEbookForm_IsFound()
    {
        const string raw = "The Project Gutenberg EBook of X\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\nOne.\nTwo.\n"
            + "End of the Project Gutenberg EBook of X\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\nLicence";

        Assert.Equal("One.\nTwo.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_SmallPrintHeader_KeepsTextAfterIt()
    {
        const string raw = "Project Gutenberg Etext\n*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\nText.\n";

        Assert.Equal("Text.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_CrLfInput_ReturnsLfText()
    {
        const string raw = "Head\r\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\r\n\r\nLine one.\r\nLine two.\r\n\r\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\r\nLicence\r\n";

        Assert.Equal("Line one.\nLine two.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_ProducedByCredits_AreDroppedOnlyRightAfterTheStartMarker()
    {
        const string raw = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nProduced by A and\nB.\n\nChapter 1\n\nProduced by the wind.\n*** END OF THE PROJECT GUTENBERG EBOOK X ***";

        Assert.Equal("Chapter 1\n\nProduced by the wind.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_NoMarkersButCreditLikeOpening_KeptWhole()
    {
        // Without a start marker the first paragraph is book text, even when it starts like a credit line.
        const string raw = "Produced by hand, this little book\nwas printed in 1900.\n\nText.";

        Assert.Equal(raw, GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_ElectronicVersionNotices_AreRemoved()
    {
        const string raw = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\nAct 1.\n<<THIS ELECTRONIC VERSION OF THE COMPLETE WORKS\nIS COPYRIGHT\n"
            + "SERVICE THAT CHARGES FOR DOWNLOAD TIME OR FOR MEMBERSHIP.>>\nAct 2.\n*** END OF THE PROJECT GUTENBERG EBOOK X ***";

        Assert.Equal("Act 1.\nAct 2.", GutenbergBoilerplate.Strip(raw));
    }

    [Fact]
    public void Strip_OnlyBoilerplate_ReturnsEmpty()
    {
        const string raw = "Header\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n  \n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence";

        Assert.Equal("", GutenbergBoilerplate.Strip(raw));
        Assert.True(GutenbergBoilerplate.HasMarkers(raw));
    }

    [Fact]
    public void Strip_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => GutenbergBoilerplate.Strip("a\r\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nbody\n", cancelled.Token));
    }
}
