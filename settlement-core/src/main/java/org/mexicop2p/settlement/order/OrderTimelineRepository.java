package org.mexicop2p.settlement.order;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Orders' audit trails, in order of occurrence. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderTimelineRepository extends CrudRepository<OrderTimelineEntry, UUID> {

    List<OrderTimelineEntry> findByOrderIdOrderBySeqNo(UUID orderId);
}
