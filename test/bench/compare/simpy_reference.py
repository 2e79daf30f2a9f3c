#!/usr/bin/python3
"""A reference implementation of poq-sim's market model in SimPy.

Reads a JSON model specification (written by reference-spec.ts from a
poq-sim scenario and its calibration profile), simulates independent
replications, and prints one JSON object with, per replication, the mean time
in system, the mean reward per (role, model) group, the model-level event
counts and the wall time.

The model, written from the scenario semantics rather than from poq-sim's
code, so that agreement means something:
  - requests arrive as a Poisson process; each is routed to an inference (F)
    node chosen uniformly, queues FIFO for one of the node's servers, and is
    served for a lognormal time of its (model, task), times the node's speed
    factor; its true quality is a beta draw of the (model, task);
  - K distinct evaluator (M) nodes are drawn uniformly; each queues FIFO for
    its node, is served for a lognormal time, and scores
    clip(intercept + slope * quality + noise_sd * N(0, 1)), the coefficients
    standardized over the profile's pool of answer qualities;
  - once all K scores are in, the consensus is their mean; the F node earns
    alpha * consensus - beta * cost, each evaluator
    alpha * (1 - |score - consensus|) - beta * cost, where a cost is service
    time * price, min-max normalized over the expected costs of the nodes of
    its role and clipped to [0, 1].

Model-level events, counted as poq-sim counts them: arrivals, inference
completions, evaluation completions. SimPy's own event count (every event its
calendar scheduled: timeouts, resource requests and releases, process
starts, conditions) is reported separately.

Uses only the standard library and Debian's python3-simpy3.
"""

import json
import math
import random
import resource
import sys
import time
from bisect import bisect_right
from itertools import accumulate

import simpy


def lognormal_parameters(spec):
    if spec["family"] == "lognormal":
        return spec["meanLog"], spec["sdLog"]
    if spec["family"] == "lognormal-mean-cv":
        sigma2 = math.log(1 + spec["cv"] ** 2)
        return math.log(spec["mean"]) - sigma2 / 2, math.sqrt(sigma2)
    raise ValueError(f"latency family {spec['family']} is not in the reference model")


def beta_parameters(spec):
    if spec["family"] == "beta":
        return spec["alpha"], spec["beta"]
    if spec["family"] == "beta-mean":
        return spec["mean"] * spec["concentration"], (1 - spec["mean"]) * spec["concentration"]
    raise ValueError(f"quality family {spec['family']} is not in the reference model")


def beta_moments(spec):
    a, b = beta_parameters(spec)
    total = a + b
    return a / total, a * b / (total * total * (total + 1))


def lognormal_mean(spec):
    mu, sigma = lognormal_parameters(spec)
    return math.exp(mu + sigma * sigma / 2)


def clip_unit(x):
    return 0.0 if x < 0 else 1.0 if x > 1 else x


class Scale:
    """Min-max normalization of a cost over the expected costs of one role's nodes."""

    def __init__(self, expected_costs):
        self.low = min(expected_costs)
        self.span = max(expected_costs) - self.low

    def __call__(self, cost):
        return 0.0 if not self.span > 0 else clip_unit((cost - self.low) / self.span)


class Model:
    """Everything fixed across replications: nodes, distribution parameters, cost scales."""

    def __init__(self, spec):
        self.spec = spec
        self.tasks = [t["name"] for t in spec["tasks"]]
        weights = [t["weight"] for t in spec["tasks"]]
        total = sum(weights)
        self.task_cumulative = list(accumulate(w / total for w in weights))
        self.inference = []  # one entry per node
        for population in spec["inference"]:
            latency = [lognormal_parameters(population["latencyMs"][t]) for t in self.tasks]
            quality = [beta_parameters(population["quality"][t]) for t in self.tasks]
            mean_latency = sum(w / total * lognormal_mean(population["latencyMs"][t]) for w, t in zip(weights, self.tasks))
            for _ in range(population["count"]):
                self.inference.append({
                    "model": population["model"], "concurrency": population["concurrency"],
                    "latency": latency, "quality": quality, "speed": population["speedFactor"],
                    "price": population["costUsdPerMs"],
                    "expected_cost": mean_latency * population["speedFactor"] * population["costUsdPerMs"],
                })
        pool = [beta_moments(component) for component in spec["qualityPool"]]
        pool_mean = sum(m for m, _ in pool) / len(pool)
        pool_sd = math.sqrt(sum(v + (m - pool_mean) ** 2 for m, v in pool) / len(pool))
        self.evaluators = []
        for population in spec["evaluators"]:
            latency = [lognormal_parameters(population["latencyMs"][t]) for t in self.tasks]
            mean_latency = sum(w / total * lognormal_mean(population["latencyMs"][t]) for w, t in zip(weights, self.tasks))
            score = population["score"]
            reference_mean, reference_sd = (pool_mean, pool_sd) if score["referencePool"] is None else score["referencePool"]
            slope = score["correlation"] * score["scoreSd"] / reference_sd
            for _ in range(population["count"]):
                self.evaluators.append({
                    "model": population["model"], "concurrency": population["concurrency"],
                    "latency": latency, "speed": population["speedFactor"], "price": population["costUsdPerMs"],
                    "expected_cost": mean_latency * population["speedFactor"] * population["costUsdPerMs"],
                    "slope": slope, "intercept": score["scoreMean"] - slope * reference_mean,
                    "noise_sd": score["scoreSd"] * math.sqrt(max(0.0, 1 - score["correlation"] ** 2)),
                })
        self.inference_scale = Scale([n["expected_cost"] for n in self.inference])
        self.evaluator_scale = Scale([n["expected_cost"] for n in self.evaluators])


def replicate(model, seed):
    """One independent run of `requests` requests; returns its statistics."""
    spec = model.spec
    rng = random.Random(seed)
    env = simpy.Environment()
    f_resources = [simpy.Resource(env, capacity=n["concurrency"]) for n in model.inference]
    m_resources = [simpy.Resource(env, capacity=n["concurrency"]) for n in model.evaluators]
    k, alpha, beta = spec["k"], spec["alpha"], spec["beta"]
    mean_gap_ms = 1000.0 / spec["ratePerSecond"]
    counts = {"arrivals": 0, "inferences": 0, "evaluations": 0}
    totals = {}  # (role, model) -> [reward sum, rounds]
    response = [0.0, 0]

    def credit(role, model_id, reward):
        entry = totals.setdefault((role, model_id), [0.0, 0])
        entry[0] += reward
        entry[1] += 1

    def hold(resource, node, task):
        # Queue FIFO for the node, then serve for a lognormal time scaled by its hardware.
        with resource.request() as slot:
            yield slot
            mu, sigma = node["latency"][task]
            service = rng.lognormvariate(mu, sigma) * node["speed"]
            yield env.timeout(service)
        return service

    def evaluate(m, task, quality):
        node = model.evaluators[m]
        service = yield from hold(m_resources[m], node, task)
        counts["evaluations"] += 1
        score = clip_unit(node["intercept"] + node["slope"] * quality + node["noise_sd"] * rng.gauss(0.0, 1.0))
        return score, service

    def serve(arrival):
        f = rng.randrange(len(model.inference))
        node = model.inference[f]
        task = bisect_right(model.task_cumulative, rng.random())
        service = yield from hold(f_resources[f], node, task)
        counts["inferences"] += 1
        a, b = node["quality"][task]
        quality = clip_unit(rng.betavariate(a, b))
        chosen = rng.sample(range(len(model.evaluators)), k)
        jobs = [env.process(evaluate(m, task, quality)) for m in chosen]
        yield env.all_of(jobs)
        results = [job.value for job in jobs]
        consensus = sum(score for score, _ in results) / k
        cost = model.inference_scale(service * node["price"])
        credit("inference", node["model"], alpha * consensus - beta * cost)
        for m, (score, job_service) in zip(chosen, results):
            evaluator = model.evaluators[m]
            cost = model.evaluator_scale(job_service * evaluator["price"])
            credit("evaluator", evaluator["model"], alpha * (1 - abs(score - consensus)) - beta * cost)
        response[0] += env.now - arrival
        response[1] += 1

    def arrivals():
        for _ in range(spec["requests"]):
            yield env.timeout(rng.expovariate(1.0) * mean_gap_ms)
            counts["arrivals"] += 1
            env.process(serve(env.now))

    env.process(arrivals())
    env.run()
    return {
        "meanResponseMs": response[0] / response[1],
        "settled": response[1],
        "meanReward": {f"{role}/{model_id}": s / n for (role, model_id), (s, n) in sorted(totals.items())},
        "events": counts["arrivals"] + counts["inferences"] + counts["evaluations"],
        "simpyEvents": next(env._eid),  # every event SimPy's calendar scheduled (private counter, for information)
    }


def main():
    spec = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    started = time.perf_counter()
    model = Model(spec)
    replications = []
    for r in range(spec["replications"]):
        t0 = time.perf_counter()
        result = replicate(model, spec["seed"] * 1000 + r)
        result["wallSeconds"] = time.perf_counter() - t0
        replications.append(result)
    json.dump({
        "engine": f"SimPy {simpy.__version__} on Python {sys.version.split()[0]}",
        "wallSeconds": time.perf_counter() - started,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "replications": replications,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
