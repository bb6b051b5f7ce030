namespace VeloGrad.Runs;

/// <summary>An optimizer a spec can name: its name on the command line, its name in tables, and the settings a spec
/// may override. How it is built, with which defaults, is its recipe in the training toolkit (this assembly holds no
/// libtorch, so that reports read runs without it).</summary>
public sealed record OptimizerDefinition(string Name, string DisplayName, IReadOnlyList<OptimizerSetting> Settings)
{
    public OptimizerSetting? Setting(string key) => Settings.FirstOrDefault(s => s.Key == key);

    public IEnumerable<string> Keys => Settings.Select(s => s.Key);
}
