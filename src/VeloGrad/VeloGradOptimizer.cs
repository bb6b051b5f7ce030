using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Components;
using VeloGrad.Execution;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace VeloGrad;

/// <summary>
/// VeloGrad for TorchSharp: an Adam core with per-tensor gradient-norm scaling, directional momentum, a loss-
/// and norm-aware learning rate, adaptive weight decay and lookahead, with the reference implementation's
/// arithmetic. A TorchSharp optimizer: <c>step()</c>, <c>step(closure)</c>, <c>zero_grad()</c>, parameter groups,
/// LR schedulers (including OneCycleLR's beta cycling), <c>save_state_dict</c>/<c>load_state_dict</c> and <c>to(device)</c>.
/// </summary>
/// <example>
/// <code>
/// var optimizer = new VeloGradOptimizer(model.parameters());
/// optimizer.zero_grad();
/// var loss = criterion(model.forward(x), y);
/// loss.backward();
/// optimizer.SetLoss(loss.item&lt;float&gt;());
/// optimizer.step();
/// </code>
/// </example>
public sealed partial class VeloGradOptimizer : OptimizerHelper, IBetas
{
    private readonly VeloGradOptions _defaultHyperparameters;
    private readonly LossAverageState _lossAverage = new();
    private readonly HashSet<IntPtr> _parameterHandles = [];
    private readonly MultiTensorLayouts _multiTensorLayouts = new();

    /// <summary>Multi-tensor layouts this optimizer has made (each sent its segment ids to the device once).</summary>
    internal long MultiTensorLayoutsCreated => _multiTensorLayouts.Created;

    /// <summary>Optimizes <paramref name="parameters"/> as one group.</summary>
    /// <param name="parameters">The parameters to optimize, e.g. <c>model.parameters()</c>.</param>
    /// <param name="options">Hyperparameters; null takes the reference's defaults.</param>
    public VeloGradOptimizer(IEnumerable<Parameter> parameters, VeloGradOptions? options = null)
        : this([new ParamGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], options)
    {
    }

    /// <summary>Optimizes several parameter groups, each with its own hyperparameters.</summary>
    /// <param name="groups">The groups; a group built without options takes <paramref name="defaults"/>.</param>
    /// <param name="defaults">Hyperparameters for groups that name none; null takes the reference's defaults.</param>
    public VeloGradOptimizer(IEnumerable<ParamGroup> groups, VeloGradOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _defaultHyperparameters = defaults ?? new VeloGradOptions();
        _defaultHyperparameters.Validate();
        _defaults = new VeloGradGroupOptions(_defaultHyperparameters);
        _parameter_groups = new List<TorchSharp.Modules.ParamGroup>();
        foreach (var group in groups)
            add_param_group(group);
        if (_parameterHandles.Count == 0)
            throw new ArgumentException("VeloGradOptimizer got an empty parameter list: pass the parameters to train, e.g. model.parameters().", nameof(groups));
    }

    /// <summary>How steps run; <see cref="VeloGradExecution.Auto"/> (the default) takes the fastest strategy
    /// available for each parameter. Every strategy computes the reference's arithmetic, so this may change
    /// between steps.</summary>
    public VeloGradExecution Execution { get; set; } = VeloGradExecution.Auto;

    /// <summary>The moving average of the losses passed to SetLoss (starts at 0).</summary>
    public double LossAverage => _lossAverage.Value;

    /// <summary>The parameter groups with their typed options.</summary>
    public IReadOnlyList<ParamGroup> Groups => _parameter_groups.Cast<ParamGroup>().ToList();

    private ParamGroup FirstGroup => (ParamGroup)_parameter_groups[0];

    /// <summary>The first group's betas; setting them sets every group's (as schedulers that cycle momentum do).</summary>
    public (double, double) Betas
    {
        get => FirstGroup.Betas;
        set
        {
            foreach (var group in Groups) group.Betas = value;
        }
    }

    /// <summary>
    /// Feeds the current loss into the loss moving average, as the reference's <c>set_loss</c>:
    /// avg ← β₂·avg + (1 − β₂)·loss, with β₂ of the first group. Call it before <c>step()</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The loss is NaN or infinite; the average is left unchanged.</exception>
    public void SetLoss(double loss)
    {
        if (!double.IsFinite(loss))
            throw new ArgumentOutOfRangeException(nameof(loss), loss, string.Create(CultureInfo.InvariantCulture,
                $"SetLoss got a non-finite loss ({loss}); the loss average was left unchanged. The training has diverged or overflowed: skip this step, lower the learning rate, or use loss scaling."));
        _lossAverage.Update(loss, FirstGroup.Options.Hyperparameters.Beta2);
    }

    /// <summary>
    /// <see cref="SetLoss(double)"/> without reading the loss back: the average is kept beside the tensor (a float64
    /// scalar on its device) and the step uses it there, so a training loop on a GPU never waits for the device.
    /// A NaN or infinite loss leaves the average unchanged (reporting it would need a read-back; check the loss
    /// you log). <see cref="LossAverage"/> then reads the device.
    /// </summary>
    public void SetLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.numel() != 1)
            throw new ArgumentException($"SetLoss takes a single loss value; got a tensor of shape [{string.Join(", ", loss.shape)}]. Reduce it (e.g. loss.mean()) first.", nameof(loss));
        _lossAverage.Update(loss, FirstGroup.Options.Hyperparameters.Beta2);
    }

    /// <summary>The state of <paramref name="parameter"/>, which must belong to this optimizer.</summary>
    public VeloGradParameterState GetState(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_parameterHandles.Contains(parameter.Handle))
            throw new ArgumentException("That parameter is not optimized by this VeloGradOptimizer.", nameof(parameter));
        return (VeloGradParameterState)_state[parameter.Handle];
    }

    /// <summary>
    /// Performs one optimization step. Every gradient is checked before any parameter changes, so a bad
    /// gradient leaves parameters and state untouched.
    /// </summary>
    /// <param name="closure">Re-evaluates the model and returns the loss; run with gradients enabled.</param>
    /// <returns>The closure's loss, or null without a closure.</returns>
    public override Tensor step(Func<Tensor>? closure = null) => OptimizerStep.Run(closure, () =>
    {
        foreach (var (hyperparameters, perTensor, fused, multi) in GatherValidatedWork())
        {
            LossFactor? lossFactor = null; // the loss-aware factor, once per group and step
            if (multi.Count > 0) MultiTensorStep.Apply(multi, hyperparameters, lossFactor ??= LossFactor.Of(_lossAverage, hyperparameters.Epsilon), _multiTensorLayouts);
            foreach (var item in perTensor)
                PerTensorStep.Apply(item, hyperparameters, lossFactor ??= LossFactor.Of(_lossAverage, hyperparameters.Epsilon));
            if (fused.Count > 0) FusedCpuStep.Apply(fused, hyperparameters, LossFactor.Host(_lossAverage, hyperparameters.Epsilon));
        }
    })!;

    /// <summary>Clears the gradients: sets them to none, as PyTorch does by default.</summary>
    public override void zero_grad() => zero_grad(setToNone: true);

    /// <summary>Clears the gradients: to none (<paramref name="setToNone"/>) or to zero tensors.</summary>
    public void zero_grad(bool setToNone)
    {
        foreach (var parameter in parameters())
        {
            using var grad = parameter.grad;
            if (grad is null) continue;
            if (setToNone) parameter.grad = null;
            else grad.zero_();
        }
    }

    /// <summary>Adds a parameter group; a TorchSharp <see cref="TorchSharp.Modules.ParamGroup"/> without options takes the defaults.</summary>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        var group = param_group as ParamGroup ?? param_group.Options switch
        {
            null => new ParamGroup(param_group.Parameters),
            VeloGradGroupOptions options => new ParamGroup(param_group.Parameters, options.Hyperparameters),
            var other => throw new ArgumentException(
                $"A VeloGrad parameter group needs {nameof(VeloGradOptions)}, not {other.GetType().Name}: use new VeloGradOptimizer.ParamGroup(parameters, options).", nameof(param_group)),
        };
        group.Options ??= new VeloGradGroupOptions(_defaultHyperparameters);

        var parameters = group.Parameters.ToList();
        var handles = new HashSet<IntPtr>();
        foreach (var parameter in parameters)
        {
            if (_parameterHandles.Contains(parameter.Handle) || !handles.Add(parameter.Handle))
                throw new ArgumentException("A parameter appears in more than one parameter group (or twice in one): each parameter may be optimized once.", nameof(param_group));
        }
        group.Parameters = parameters;
        foreach (var parameter in parameters)
        {
            _parameterHandles.Add(parameter.Handle);
            _state[parameter.Handle] = new VeloGradParameterState(parameter);
        }
        _parameter_groups.Add(group);
    }

    /// <summary>The per-group options and per-parameter states, followed by the loss average.</summary>
    public override StateDictionary state_dict()
    {
        var dictionary = base.state_dict();
        dictionary.State.Add(_lossAverage);
        return dictionary;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // By the state itself, not through the parameters: a model disposed first must not make this throw.
            foreach (var state in _state.Values.OfType<VeloGradParameterState>()) state.Dispose();
            _multiTensorLayouts.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Each group's parameters with gradients, checked and assigned to their strategy before anything
    /// changes, so a bad gradient or an impossible strategy leaves parameters and state untouched.</summary>
    private List<(StepHyperparameters, List<ParameterStep> PerTensor, List<ParameterStep> Fused, List<ParameterStep> Multi)> GatherValidatedWork()
    {
        var work = new List<(StepHyperparameters, List<ParameterStep>, List<ParameterStep>, List<ParameterStep>)>(_parameter_groups.Count);
        for (int g = 0; g < _parameter_groups.Count; g++)
        {
            var group = (ParamGroup)_parameter_groups[g];
            var parameters = group.Parameters.ToList();
            bool multiTensor = StrategySelection.UsesMultiTensor(Execution, parameters, g);
            List<ParameterStep> perTensor = [], fused = [], multi = [];
            int index = 0;
            foreach (var parameter in parameters)
            {
                var grad = parameter.grad;
                if (grad is not null)
                {
                    GradientValidation.Check(parameter, grad, g, index);
                    var item = new ParameterStep(parameter, grad, (VeloGradParameterState)_state[parameter.Handle]);
                    if (multiTensor) multi.Add(item);
                    else (StrategySelection.Choose(Execution, parameter, grad, g, index) == VeloGradExecution.FusedCpu ? fused : perTensor).Add(item);
                }
                index++;
            }
            work.Add((StepHyperparameters.From(group.Options.Hyperparameters), perTensor, fused, multi));
        }
        return work;
    }
}
