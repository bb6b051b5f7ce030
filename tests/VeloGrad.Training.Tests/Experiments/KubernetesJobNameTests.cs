using VeloGrad.Training.Experiments;

namespace VeloGrad.Training.Tests.Experiments;

/// <summary>Kubernetes takes a job name only as a DNS label: lowercase letters, digits and '-', a letter or digit at
/// both ends, at most 63 characters.</summary>
public class KubernetesJobNameTests
{
    [Theory]
    [InlineData("results/tuned_run_", "velograd-tuned-run")]
    [InlineData("results/My Run--2/", "velograd-my-run-2")]
    [InlineData("results/-x-", "velograd-x")]
    public void Folder_names_become_DNS_labels(string folder, string expected) => Assert.Equal(expected, KubernetesExecutor.JobName(folder));

    [Fact]
    public void A_long_name_is_cut_to_63_characters_and_keeps_two_folders_apart()
    {
        string a = KubernetesExecutor.JobName("results/" + new string('a', 80) + "-first");
        string b = KubernetesExecutor.JobName("results/" + new string('a', 80) + "-second");
        foreach (var name in new[] { a, b })
        {
            Assert.InRange(name.Length, 1, 63);
            Assert.Matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", name);
        }
        Assert.NotEqual(a, b);
    }
}
