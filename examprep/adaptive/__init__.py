"""Adaptive testing engine (pure numpy; no Flask, no SQLAlchemy).

IRT models use the logistic metric with D = 1.  See docs/adaptive.md.
"""

from .blueprint import Blueprint, BlueprintError, load_blueprint, parse_blueprint
from .engine import AdaptiveEngine, EngineError, run_attempt
from .estimation import EAPAccumulator, estimate_eap, estimate_map, estimate_mle, quadrature
from .irt import information, log_likelihood, model_parameters, probability
from .pool import ItemPool, PoolItem, synthetic_pool
from .posterior import GridPosterior, NormalPosterior
from .priors import item_prior
from .scoring import ReferenceForm, ScoreEstimate, estimate_scores
from .selection import InfoIndex, select_max_info

__all__ = [
    "AdaptiveEngine", "Blueprint", "BlueprintError", "EAPAccumulator", "EngineError", "GridPosterior", "InfoIndex",
    "ItemPool", "NormalPosterior", "PoolItem", "ReferenceForm", "ScoreEstimate", "estimate_eap", "estimate_map",
    "estimate_mle", "estimate_scores", "information", "item_prior", "load_blueprint", "log_likelihood",
    "model_parameters", "parse_blueprint", "probability", "quadrature", "run_attempt", "select_max_info",
    "synthetic_pool",
]
