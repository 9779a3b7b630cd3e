namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>
/// The base letter of every precomposed accented Latin letter (é -> e, Ü -> U, ŧ is not one: its stroke
/// is not a combining mark). The project runs with invariant globalization, where
/// <c>string.Normalize</c> does not decompose, so the decomposition is a table. It was generated with
/// Python's <c>unicodedata</c> (Unicode 14.0): every character of the four Latin blocks whose NFD form is
/// one ASCII letter followed by combining marks.
/// </summary>
internal static class LatinBaseLetters
{
    // Pairs of (accented letters, their base letters), position by position.
    private static readonly (string Accented, string Base)[] Rows =
    [
        // Latin-1 Supplement (U+00C0-U+00FF)
        ("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöù", "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooou"),
        ("úûüýÿ", "uuuyy"),
        // Latin Extended-A (U+0100-U+017F)
        ("ĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶ", "AaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjK"),
        ("ķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲ", "kLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuU"),
        ("ųŴŵŶŷŸŹźŻżŽž", "uWwYyYZzZzZz"),
        // Latin Extended-B (U+0180-U+024F)
        ("ƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈ", "OoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeI"),
        ("ȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ", "iIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYy"),
        // Latin Extended Additional (U+1E00-U+1EFF)
        ("ḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯ", "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIi"),
        ("ḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟ", "KkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRr"),
        ("ṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏ", "SsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYy"),
        ("ẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễ", "ZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEe"),
        ("ỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵ", "EeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYy"),
        ("ỶỷỸỹ", "YyYy"),
    ];

    private static readonly Dictionary<char, char> Table = Build();

    /// <summary>The base letter of an accented Latin letter, if it is one.</summary>
    public static bool TryGetBase(char character, out char baseLetter) => Table.TryGetValue(character, out baseLetter);

    private static Dictionary<char, char> Build()
    {
        var table = new Dictionary<char, char>();
        foreach ((string accented, string baseLetters) in Rows)
        {
            for (int i = 0; i < accented.Length; i++)
            {
                table.Add(accented[i], baseLetters[i]);
            }
        }
        return table;
    }
}
