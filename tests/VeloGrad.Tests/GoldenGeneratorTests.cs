using System.Diagnostics;
using static VeloGrad.TestSupport.ChildProcess;

namespace VeloGrad.Tests;

/// <summary>The golden files are what the reference optimizer computes: generate.py recomputes them with PyTorch.</summary>
public class GoldenGeneratorTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void The_generator_reproduces_every_golden_value_with_the_reference_optimizer()
    {
        Assert.SkipUnless(File.Exists(Python) && HasTorch(), "PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch), so the golden files cannot be recomputed here.");
        string root = RepositoryRoot();
        string output = Run(Python, [Path.Combine(root, "tests", "VeloGrad.Tests", "Golden", "generate.py")], root);
        foreach (var name in new[] { "defaults", "edges", "param_groups", "rosenbrock" })
            Assert.Contains($"{name}: ", output, StringComparison.Ordinal);
        Assert.Contains("numbers agree", output, StringComparison.Ordinal);
    }

    private static bool HasTorch()
    {
        var start = new ProcessStartInfo(Python, ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
