using static VeloGrad.TestSupport.ChildProcess;

namespace VeloGrad.Tests.Packaging;

/// <summary>The README's "Using the optimizer" is a program as written: its C# is examples/QuickStart/Program.cs, which
/// .ci/run builds and runs, and it says which packages a project of one's own needs (TorchSharp's natives included,
/// without which the first tensor fails with DllNotFoundException: LibTorchSharp).</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void The_readmes_example_is_the_quickstart_program_and_names_the_packages_it_needs()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        int section = readme.IndexOf("\n## Using the optimizer\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no \"Using the optimizer\" section");
        string rest = readme[section..];
        int next = rest.IndexOf("\n## ", 1, StringComparison.Ordinal);
        string text = next < 0 ? rest : rest[..next];

        const string open = "```csharp\n";
        int start = text.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "the section shows no C#");
        int end = text.IndexOf("```", start + open.Length, StringComparison.Ordinal);
        string shown = text[(start + open.Length)..end];
        string program = File.ReadAllText(Path.Combine(root, "examples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n");
        Assert.Equal(program, shown);

        Assert.Contains("dotnet add package TorchSharp-cpu", text, StringComparison.Ordinal);
        Assert.Contains("dotnet add package VeloGrad", text, StringComparison.Ordinal);
        Assert.Contains("examples/QuickStart", File.ReadAllText(Path.Combine(root, ".ci", "run")), StringComparison.Ordinal); // CI runs it
    }
}
