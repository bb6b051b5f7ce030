using System.Buffers.Binary;

namespace VeloGrad.Cli.Tests;

public sealed class DataCommandTests : WithTemporaryFolder
{
    [Fact]
    public void Inspect_reports_splits_classes_and_checksums_and_writes_a_preview()
    {
        string png = Path.Combine(Folder, "preview.png");
        var (exitCode, output, error) = CliRun.Invoke("data", "inspect", "--dataset", "synthetic", "--train-limit", "200", "--test-limit", "50",
            "--seed", "4", "--preview", png, "--preview-count", "16");
        Assert.True(exitCode == 0, error);
        Assert.Contains("dataset   synthetic", output, StringComparison.Ordinal);
        Assert.Contains("shape     3×32×32", output, StringComparison.Ordinal);
        Assert.Matches(@"train\s+200\s+[0-9a-f]{16}", output);
        Assert.Matches(@"fine-0deg\s+20\s+5", output);

        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        int width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        Assert.Equal((8 * (32 * 3 + 6) + 6, 2 * (32 * 3 + 16 + 6) + 6), (width, height));
    }

    [Fact]
    public void A_preview_path_that_is_a_folder_or_in_no_folder_is_refused_before_anything_is_printed()
    {
        var (folderExit, folderOutput, folderError) = CliRun.Invoke("data", "inspect", "--dataset", "synthetic", "--train-limit", "64", "--test-limit", "16", "--preview", Folder);
        Assert.Equal(1, folderExit);
        Assert.Equal($"error: --preview: '{Folder}' is a folder; the preview is one PNG file: give its path, e.g. {Path.Combine(Folder, "preview.png")}.", folderError.Trim());
        Assert.Equal("", folderOutput); // refused before the data loads, not after describing it

        string nowhere = Path.Combine(Folder, "missing", "preview.png");
        var (missingExit, missingOutput, missingError) = CliRun.Invoke("data", "inspect", "--dataset", "synthetic", "--train-limit", "64", "--test-limit", "16", "--preview", nowhere);
        Assert.Equal(1, missingExit);
        Assert.Contains($"--preview: the folder '{Path.Combine(Folder, "missing")}' does not exist", missingError, StringComparison.Ordinal);
        Assert.Equal("", missingOutput);
    }

    [Fact]
    public void The_same_seed_gives_the_same_checksums()
    {
        var first = CliRun.Invoke("data", "inspect", "--dataset", "synthetic", "--train-limit", "100", "--test-limit", "20", "--seed", "9").Output;
        var second = CliRun.Invoke("data", "inspect", "--dataset", "synthetic", "--train-limit", "100", "--test-limit", "20", "--seed", "9").Output;
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_missing_dataset_is_one_clear_line_and_a_non_zero_exit()
    {
        var (exitCode, _, error) = CliRun.Invoke("data", "inspect", "--dataset", "cifar10", "--data", Path.Combine(Folder, "none"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: No CIFAR-10 found in", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_without_downloads_says_each_step_on_its_way_to_the_synthetic_set()
    {
        string empty = Directory.CreateDirectory(Path.Combine(Folder, "empty")).FullName;
        var (exitCode, output, error) = CliRun.Invoke("data", "inspect", "--dataset", "auto", "--no-download", "--data", empty,
            "--fashion-mnist-dir", empty, "--train-limit", "100", "--test-limit", "20");
        Assert.True(exitCode == 0, error);
        Assert.Contains($"dataset   synthetic (auto: no CIFAR-10 in '{empty}'; downloads are off; no Fashion-MNIST in {empty} (on Debian: apt-get install dataset-fashion-mnist); using the synthetic set)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Download_and_no_download_together_are_refused_in_words()
    {
        var (exitCode, _, error) = CliRun.Invoke("data", "inspect", "--dataset", "cifar10", "--download", "--no-download", "--data", Folder);
        Assert.Equal(1, exitCode);
        Assert.Contains("error: --download and --no-download contradict each other: give the one you mean.", error, StringComparison.Ordinal);
    }
}
