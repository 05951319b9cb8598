package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ReportFile;
import dev.hoshu.api.service.ReportFormat;
import dev.hoshu.api.service.ReportKey;
import dev.hoshu.api.service.ReportService;
import dev.hoshu.api.service.WorkOrderClosing;
import dev.hoshu.api.service.WorkOrderService;
import dev.hoshu.api.service.WorkOrderView;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Work orders and their signed repair reports. Who may see or close which order is the services' decision, so that
 * every refusal is audited with the order's hospital.
 */
@RestController
public class WorkOrdersController {

    private final WorkOrderService workOrders;
    private final ReportService reports;

    public WorkOrdersController(WorkOrderService workOrders, ReportService reports) {
        this.workOrders = workOrders;
        this.reports = reports;
    }

    @GetMapping("/api/v1/workorders")
    Mono<List<WorkOrderView>> list(Actor actor) {
        return Blocking.call(() -> workOrders.workOrders(actor));
    }

    @GetMapping("/api/v1/workorders/{id}")
    Mono<WorkOrderView> show(Actor actor, @PathVariable String id) {
        return Blocking.call(() -> workOrders.workOrder(actor, id));
    }

    @PostMapping("/api/v1/workorders/{id}/close")
    Mono<WorkOrderView> close(Actor actor, @PathVariable String id,
                              @RequestBody(required = false) Mono<WorkOrderClosing> body) {
        return body.defaultIfEmpty(new WorkOrderClosing(null, null, null, null, null))
                .flatMap(closing -> Blocking.call(() -> workOrders.close(actor, id, closing)));
    }

    /** @param format {@code json} (default), {@code pdf}, {@code json.sig} or {@code pdf.sig} */
    @GetMapping("/api/v1/workorders/{id}/report")
    Mono<ResponseEntity<byte[]>> report(Actor actor, @PathVariable String id,
                                        @RequestParam(required = false, defaultValue = "json") String format) {
        ReportFormat wanted = ReportFormat.of(format).orElseThrow(() -> RefusedException.badRequest(
                "refused: report format must be json, pdf, json.sig or pdf.sig"));
        return Blocking.call(() -> {
            ReportFile file = reports.report(actor, id, wanted);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(file.format().contentType()))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"")
                    .body(file.content());
        });
    }

    @GetMapping("/api/v1/reports/key")
    Mono<ReportKey> key(Actor actor) {
        return Blocking.call(reports::signingKey);
    }
}
