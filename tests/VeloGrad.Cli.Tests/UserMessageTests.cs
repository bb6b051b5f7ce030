namespace VeloGrad.Cli.Tests;

/// <summary>Files a user damaged or a folder in an odd state get one line that says what is wrong and what to do,
/// in words: no .NET type, no hint said twice, no status that contradicts itself.</summary>
public sealed class UserMessageTests : WithTemporaryFolder
{
    private static string[] Train(string output, params string[] extra) =>
        ["train", "--dataset", "synthetic", "--train-limit", "64", "--test-limit", "32", "--model", "small-cnn", "--batch-size", "32", "--epochs", "1", "--out", output, .. extra];

    private static void AssertPlain(string error)
    {
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_history_whose_values_are_of_the_wrong_kind_is_named_with_where_it_goes_wrong()
    {
        string run = Path.Combine(Folder, "run");
        Assert.Equal(0, CliRun.Invoke(Train(run)).ExitCode);
        string history = Path.Combine(run, "history.json");
        string before = """{"status": "completed", "epochs": 5}""";
        File.WriteAllText(history, before);

        var (exitCode, _, error) = CliRun.Invoke(Train(run, "--overwrite"));
        Assert.Equal(1, exitCode);
        Assert.Contains($"'{history}' is not a VeloGrad run history: the value at $.epochs (line 1, character 36) is not what belongs there.", error, StringComparison.Ordinal);
        AssertPlain(error);
        Assert.Equal(before, File.ReadAllText(history)); // nothing already written is lost

        File.WriteAllText(history, "{\"status\": \"completed\",\n  \"epochs\": [ oops");
        (exitCode, _, error) = CliRun.Invoke(Train(run, "--overwrite"));
        Assert.Equal(1, exitCode);
        Assert.Contains("is not a VeloGrad run history: it is not valid JSON at line 2", error, StringComparison.Ordinal);
        AssertPlain(error);
    }

    [Fact]
    public void An_output_folder_that_is_a_dangling_symbolic_link_is_called_one()
    {
        string link = Path.Combine(Folder, "results");
        string target = Path.Combine(Folder, "gone");
        File.CreateSymbolicLink(link, target);
        var (exitCode, _, error) = CliRun.Invoke(Train(link));
        Assert.Equal(1, exitCode);
        Assert.Contains($"'{link}' is a symbolic link to '{target}', which does not exist: create '{target}', or choose another folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("is a file", error, StringComparison.Ordinal);
        AssertPlain(error);
        Assert.False(Path.Exists(target), "the link's target was created behind the user's back");
    }

    [Fact]
    public void A_folder_conflict_says_each_remedy_once_and_a_run_that_never_finished_is_not_called_finished()
    {
        string run = Path.Combine(Folder, "run");
        Assert.Equal(0, CliRun.Invoke(Train(run)).ExitCode);
        var (exitCode, _, error) = CliRun.Invoke(Train(run));
        Assert.Equal(1, exitCode);
        Assert.Contains("holds a run that ended (completed, 1 of 1 epoch): --overwrite trains it again, or choose another --out.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("output folder", error, StringComparison.Ordinal); // the remedy is said once, as options
        AssertPlain(error);

        // A history still saying "running", with no checkpoint: a process killed before its first one.
        string history = Path.Combine(run, "history.json");
        File.WriteAllText(history, File.ReadAllText(history).Replace("\"status\": \"completed\"", "\"status\": \"running\"", StringComparison.Ordinal));
        (exitCode, _, error) = CliRun.Invoke(Train(run));
        Assert.Equal(1, exitCode);
        Assert.Contains("holds a run that stopped after 1 epoch without finishing or leaving a checkpoint", error, StringComparison.Ordinal);
        Assert.DoesNotContain("finished run", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(running)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_split_no_class_can_give_to_does_not_ask_for_a_larger_split()
    {
        // 8 training images of 10 classes: no class has the 2 images a validation split needs, whatever the fraction.
        var (exitCode, _, error) = CliRun.Invoke(CliRun.With(CliRun.With(Train(Path.Combine(Folder, "v")), "--train-limit", "8"), "--validation-split", "0.5"));
        Assert.Equal(1, exitCode);
        Assert.Contains("No class among the 8 training images has the 2 images it takes to give one to a validation split: use more training images (--train-limit), or --validation-split 0.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("raise --validation-split", error, StringComparison.Ordinal);
        AssertPlain(error);
    }
}

/// <summary>Every setting name the library can blame has the option that sets it (or says why it has none), so that
/// a message names the option to change.</summary>
public sealed class SettingNamesTests
{
    private static IEnumerable<System.CommandLine.Command> Commands(System.CommandLine.Command command) =>
        command.Subcommands.SelectMany(Commands).Prepend(command);

    [Fact]
    public void Every_setting_key_and_validated_configuration_setting_is_set_by_an_option()
    {
        var root = VelogradCommandLine.Build();
        var set = Commands(root).SelectMany(c => c.Options).SelectMany(OptionSettings.Of).ToHashSet(StringComparer.Ordinal);
        var keys = typeof(SettingKeys).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
            Assert.True(set.Contains(key) || UserErrors.WithoutOption.Contains(key), $"SettingKeys.{key} is set by no option (declare it with .Sets where the option is made)");
        // train's options set every configuration setting the library checks.
        var train = root.Subcommands.Single(c => c.Name == "train").Options.SelectMany(OptionSettings.Of).ToHashSet(StringComparer.Ordinal);
        foreach (var property in new[] { nameof(TrainingConfig.Epochs), nameof(TrainingConfig.BatchSize), nameof(TrainingConfig.AccumulationSteps), nameof(TrainingConfig.TrainLimit),
            nameof(TrainingConfig.TestLimit), nameof(TrainingConfig.ValidationSplit), nameof(TrainingConfig.Optimizer), nameof(TrainingConfig.Dataset), nameof(TrainingConfig.Schedule),
            nameof(TrainingConfig.WarmupEpochs), nameof(TrainingConfig.Precision), nameof(TrainingConfig.Device), nameof(TrainingConfig.Model), nameof(TrainingConfig.ChannelsLast) })
            Assert.True(train.Contains(property), $"no option of train sets {property}");
        // Within a command, one option per setting: an error names one.
        foreach (var command in Commands(root))
        {
            var twice = command.Options.SelectMany(o => OptionSettings.Of(o).Select(s => (s, o.Name))).GroupBy(p => p.s).FirstOrDefault(g => g.Count() > 1);
            Assert.True(twice is null, $"{command.Name}: {twice?.Key} is set by {string.Join(" and ", twice?.Select(p => p.Name) ?? [])}");
        }
    }

    [Theory]
    [InlineData("error: --optimizer: Optimizer 'adam' has no setting 'x'", "train", "--dataset", "synthetic", "--optimizer", "adam:x=1", "--out", "unused")]
    [InlineData("error: --optimizers: Optimizer 'adam' has no setting 'x'", "compare", "--dataset", "synthetic", "--optimizers", "adam:x=1", "--out", "unused")]
    [InlineData("error: --epochs: A workload trains at least 1 epoch (got 0).", "benchmark", "--workloads", "quadratic_deep", "--epochs", "0", "--out", "unused")]
    [InlineData("error: --index: 7 is outside", "execute", "PLAN", "--index", "7")]
    public void An_error_names_the_option_of_the_command_that_was_run(string expected, params string[] arguments)
    {
        string folder = Directory.CreateTempSubdirectory("velograd-option-").FullName;
        try
        {
            if (arguments.Contains("PLAN"))
            {
                Assert.Equal(0, CliRun.Invoke("compare", "--dataset", "synthetic", "--train-limit", "16", "--test-limit", "8", "--model", "mlp", "--epochs", "1",
                    "--optimizers", "sgd", "--out", folder, "--executor", "kubernetes", "--k8s-image", "velograd:test", "--k8s-volume-claim", "runs").ExitCode);
                arguments = [.. arguments.Select(a => a == "PLAN" ? folder : a)];
            }
            var (exitCode, _, error) = CliRun.Invoke([.. arguments.Select(a => a == "unused" ? Path.Combine(folder, "out") : a)]);
            Assert.Equal(1, exitCode);
            Assert.StartsWith(expected, error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Enum_names_are_read_from_their_single_declaration()
    {
        Assert.Equal(["auto", "float32", "bfloat16", "float16"], SettingNames.All<Precision>());
        Assert.Equal("onecycle", SettingNames.Of(LearningRateSchedule.OneCycle));
        Assert.Equal(Precision.BFloat16, SettingNames.ParsePrecision(" BFloat16 "));
        var error = Assert.Throws<InvalidSettingException>(() => SettingNames.ParseDevice("tpu"));
        Assert.Equal("Unknown device 'tpu': use auto, cpu, cuda.", error.Message);
        // The JSON files use the same names.
        Assert.Equal("\"diverged\"", System.Text.Json.JsonSerializer.Serialize(RunStatus.Diverged));
    }
}
