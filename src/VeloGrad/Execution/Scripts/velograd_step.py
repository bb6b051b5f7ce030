# VeloGrad's multi-tensor step, compiled once by TorchScript (torch.jit.compile) and called from C# with lists of
# tensors: every operation below is one of libtorch's _foreach_* (multi-tensor) kernels, or one kernel over a whole
# scratch buffer. The per-tensor scalars between these calls come from StepScalars, so no formula is restated here.
# Lists hold the tensors that have a gradient and share a step count; `spread` is a scratch buffer with one element
# per element of the listed tensors, `spread_views` its views shaped like them, `segments` each element's tensor.


def spread_into(per_tensor: Tensor, segments: Tensor, spread: Tensor, spread_views: List[Tensor]) -> List[Tensor]:
    # One value per tensor becomes one value per element, so that a same-shape _foreach op (libtorch's fast path)
    # applies it: a _foreach op taking one 0-dim device tensor per list entry has no fast path.
    values = per_tensor.to(spread.dtype)
    if values.dim() == 0:
        values = values.expand(segments.size(0))
        spread.copy_(values)
    else:
        torch.gather(values, 0, segments, out=spread)
    return spread_views


def velograd_norms(grads: List[Tensor], prevs: List[Tensor]) -> List[Tensor]:
    # ||g|| per tensor; with previous gradients also g.g_prev and ||g_prev||. The dot product is
    # 2 * sum(max(x, 0)) - sum(|x|) over x = g * g_prev, both sums by _foreach_norm(ord=1): libtorch has no
    # multi-tensor sum, and this keeps the rounding error of a plain sum (bounded by sum |x|).
    count = len(grads)
    if len(prevs) == 0:
        return [torch.stack(torch._foreach_norm(grads))]
    norms = torch._foreach_norm(grads + prevs)
    products = torch._foreach_mul(grads, prevs)
    positives = torch._foreach_clamp_min(products, 0.0)
    sums = torch._foreach_norm(positives + products, 1)
    dot = torch.stack(sums[:count]) * 2.0 - torch.stack(sums[count:])
    return [torch.stack(norms[:count]), dot, torch.stack(norms[count:])]


def velograd_moments(grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor], prevs: List[Tensor],
                     updates: List[Tensor], scale: Optional[Tensor], segments: Tensor, spread: Tensor,
                     spread_views: List[Tensor], beta1: float, beta2: float, bias_correction1: float,
                     bias_correction2: float, eps: float, update_norms: bool) -> Tensor:
    # m <- b1 m + (1 - b1) s g;  v <- b2 v + (1 - b2) (s g)^2;  g_prev <- g;  update = (m / bc1) / (sqrt(v / bc2) + eps),
    # in the per-tensor strategy's order of operations, into `updates`. Returns ||update|| per tensor when asked, else
    # the scratch buffer (TorchSharp's invoke takes back a tensor, never None).
    scaled = grads
    if scale is not None:
        scaled = torch._foreach_mul(grads, spread_into(scale, segments, spread, spread_views))
    torch._foreach_mul_(exp_avgs, beta1)
    torch._foreach_add_(exp_avgs, scaled, alpha=1.0 - beta1)
    torch._foreach_mul_(exp_avg_sqs, beta2)
    torch._foreach_add_(exp_avg_sqs, torch._foreach_mul(scaled, scaled), alpha=1.0 - beta2)
    if len(prevs) > 0:
        torch._foreach_copy_(prevs, grads)
    denominators = torch._foreach_div(exp_avg_sqs, bias_correction2)
    torch._foreach_sqrt_(denominators)
    torch._foreach_add_(denominators, eps)
    torch._foreach_copy_(updates, exp_avgs)
    torch._foreach_div_(updates, bias_correction1)
    torch._foreach_div_(updates, denominators)
    if update_norms:
        return torch.stack(torch._foreach_norm(updates))
    return spread


def velograd_apply(params: List[Tensor], updates: List[Tensor], slows: List[Tensor], step_size: Tensor,
                   decay: Optional[Tensor], segments: Tensor, spread: Tensor, spread_views: List[Tensor],
                   lookahead_due: bool, slow_update_rate: float, interpolation_strength: float) -> Tensor:
    # p <- p - step_size * update;  p <- p * decay;  when due, lookahead: slow <- slow + a (p - slow),
    # p <- (1 - b) p + b slow.
    torch._foreach_mul_(updates, spread_into(step_size, segments, spread, spread_views))
    torch._foreach_sub_(params, updates)
    if decay is not None:
        torch._foreach_mul_(params, spread_into(decay, segments, spread, spread_views))
    if lookahead_due:
        torch._foreach_add_(slows, torch._foreach_sub(params, slows), alpha=slow_update_rate)
        torch._foreach_mul_(params, 1.0 - interpolation_strength)
        torch._foreach_add_(params, slows, alpha=interpolation_strength)
    return step_size
