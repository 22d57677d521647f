import CoreMetrics
import PACAdmin
import Prometheus

extension Serve {
    /// Bootstraps swift-metrics, once per process, with a Prometheus registry that the admin
    /// API's `GET /metrics` renders (docs/metrics.md).
    static func bootstrapMetrics() -> AdminMetrics {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return AdminMetrics(registry: registry, factory: MetricsSystem.factory)
    }
}
