using VeloGrad.Training.Experiments;

namespace VeloGrad.Training.Tests.Experiments;

/// <summary>Kubernetes takes a job name only as a DNS label: lowercase letters, digits and '-', a letter or digit at
/// both ends, at most 63 characters; and two experiments in one namespace must not share one.</summary>
public class KubernetesJobNameTests
{
    private const string DnsLabel = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

    [Theory]
    [InlineData("results/tuned_run_", "velograd-tuned-run-")]
    [InlineData("results/My Run--2/", "velograd-my-run-2-")]
    [InlineData("results/-x-", "velograd-x-")]
    [InlineData("results/lr-sweep/tuning", "velograd-lr-sweep-tuning-")]
    public void Folder_names_become_DNS_labels_with_a_hash_of_the_whole_path(string folder, string readable)
    {
        string name = KubernetesExecutor.JobName(folder);
        Assert.Matches(DnsLabel, name);
        Assert.StartsWith(readable, name, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{8}$", name);
        Assert.Equal(name, KubernetesExecutor.JobName(folder)); // the same folder, the same job
    }

    [Fact]
    public void Two_experiments_whose_folders_share_a_name_get_different_jobs()
    {
        // Every tune's trials live in its own tuning/ folder: "velograd-tuning" was every tune's job.
        Assert.NotEqual(KubernetesExecutor.JobName("a/sweep/tuning"), KubernetesExecutor.JobName("b/sweep/tuning"));
        Assert.NotEqual(KubernetesExecutor.JobName("machine1/results"), KubernetesExecutor.JobName("machine2/results"));
    }

    [Fact]
    public void A_long_name_is_cut_to_63_characters_and_keeps_two_folders_apart()
    {
        string a = KubernetesExecutor.JobName("results/" + new string('a', 80) + "-first");
        string b = KubernetesExecutor.JobName("results/" + new string('a', 80) + "-second");
        foreach (var name in new[] { a, b })
        {
            Assert.InRange(name.Length, 1, 63);
            Assert.Matches(DnsLabel, name);
        }
        Assert.NotEqual(a, b);
    }
}
