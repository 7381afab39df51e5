package org.mexicop2p.settlement.webhook;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The attempt log of deliveries. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WebhookAttemptRepository extends CrudRepository<WebhookAttempt, UUID> {

    List<WebhookAttempt> findByDeliveryIdInListOrderByAttemptNo(Collection<UUID> deliveryIds);
}
