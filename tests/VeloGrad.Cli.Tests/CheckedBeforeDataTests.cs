using static TorchSharp.torch;

namespace VeloGrad.Cli.Tests;

/// <summary>What the options alone decide is refused before any data is chosen, downloaded or loaded: a CUDA device that
/// is not there, and an executor that cannot be made (a Kubernetes run without its image). The data here is CIFAR-10 in
/// an empty folder, whose refusal (or, with a network, download) would come first if the order were wrong.</summary>
public sealed class CheckedBeforeDataTests : WithTemporaryFolder
{
    private string Empty => Directory.CreateDirectory(Path.Combine(Folder, "no-data")).FullName;

    public static TheoryData<string[]> Commands => new()
    {
        { ["train", "--model", "mlp", "--epochs", "1", "--out"] },
        { ["compare", "--model", "mlp", "--epochs", "1", "--out"] },
        { ["tune", "--model", "mlp", "--epochs", "1", "--out"] },
        { ["ablate", "--model", "mlp", "--epochs", "1", "--out"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Cuda_asked_for_and_missing_is_said_before_the_data(string[] command)
    {
        Assert.SkipWhen(cuda.is_available(), "CUDA is available here: --device cuda is accepted.");
        string output = Path.Combine(Folder, "out");
        var (exitCode, text, error) = CliRun.Invoke([.. command, output, "--dataset", "cifar10", "--data", Empty, "--device", "cuda"]);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --device: CUDA was asked for, but it is not available", error, StringComparison.Ordinal);
        Assert.DoesNotContain("dataset", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "plan.json")));
    }

    [Fact]
    public void A_benchmark_on_a_missing_cuda_device_is_refused_before_its_data_is_looked_for()
    {
        Assert.SkipWhen(cuda.is_available(), "CUDA is available here: --device cuda is accepted.");
        string output = Path.Combine(Folder, "bench");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "cifar10_3c3d", "--data", Empty, "--device", "cuda", "--out", output);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --device: CUDA was asked for", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("compare")]
    [InlineData("tune")]
    [InlineData("ablate")]
    [InlineData("benchmark")]
    public void A_kubernetes_executor_without_its_image_is_refused_before_the_data(string command)
    {
        string output = Path.Combine(Folder, command);
        string[] data = command == "benchmark" ? ["--quick", "--workloads", "cifar10_3c3d"] : ["--dataset", "cifar10", "--model", "mlp", "--epochs", "1"];
        var (exitCode, text, error) = CliRun.Invoke([command, .. data, "--data", Empty, "--executor", "kubernetes", "--k8s-volume-claim", "results", "--out", output]);
        Assert.Equal(1, exitCode);
        Assert.Equal("error: --k8s-image: --executor kubernetes needs a container image with velograd on its PATH.", error.Trim());
        Assert.DoesNotContain("dataset", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "kubernetes", "job.json")));
    }
}
