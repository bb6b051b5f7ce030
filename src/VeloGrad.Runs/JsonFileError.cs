using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>Where a JSON file of ours stops making sense, in words: System.Text.Json's own message names .NET types
/// (<c>List`1[…]</c>), which say nothing to someone who opened the file in an editor.</summary>
public static class JsonFileError
{
    /// <summary>"the value at $.epochs (line 1, character 35) is not what belongs there", or "it is not valid JSON (…)".</summary>
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string where = e.LineNumber is long line
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line + 1}, character {(e.BytePositionInLine ?? 0) + 1}")
            : "";
        // Broken syntax comes from the reader (wrapped, with the path it had reached); a value of the wrong kind does not.
        bool syntax = e.InnerException?.GetType().Name == "JsonReaderException";
        if (!syntax && !string.IsNullOrEmpty(e.Path) && e.Path != "$")
            return $"the value at {e.Path}{(where.Length > 0 ? $" ({where})" : "")} is not what belongs there";
        return $"it is not valid JSON{(where.Length > 0 ? $" at {where}" : "")}";
    }
}

/// <summary>An experiment's JSON records (plan, protocol, manifest, benchmark plan): written atomically with the run
/// records' options, read back with a damaged file named in words.</summary>
public static class JsonRecord
{
    public static void Save<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, RunHistory.JsonOptions));

    /// <param name="what">What the file should be, for the error ("a tuning protocol").</param>
    /// <param name="remedy">What to do when it is damaged, for the error.</param>
    /// <returns>Null when there is no such file.</returns>
    public static T? TryLoad<T>(string path, string what, string remedy) where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), RunHistory.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not {what} ({JsonFileError.Describe(e)}): {remedy}", e);
        }
    }
}
