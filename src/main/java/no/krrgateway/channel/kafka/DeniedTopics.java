// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumers that leave the request topics Kafka refuses them (an ACL; all of them while it refuses the gateway's user
 * or group) out of their subscription, and subscribe again once it says they may (asked every {@code retryAfter}):
 * camel-kafka stops a consumer for good on those failures, and with it every tenant's topic it reads. The poll
 * answers no records instead, so a batch being gathered keeps what it has.
 */
public class DeniedTopics extends DefaultKafkaClientFactory {

    private static final Logger log = LoggerFactory.getLogger(DeniedTopics.class);

    private final Duration retryAfter;
    private final Clock clock;
    private final Map<String, Instant> deniedAt = new ConcurrentHashMap<>();

    public DeniedTopics(Duration retryAfter, Clock clock) {
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    /** Topics denied lately (health kafka). */
    public Set<String> recent() {
        Instant since = clock.instant().minus(retryAfter.multipliedBy(2));
        return deniedAt.entrySet().stream().filter(denied -> denied.getValue().isAfter(since)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Consumer getConsumer(Properties properties) {
        return (Consumer) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                new Subscription(super.getConsumer(properties), properties));
    }

    private final class Subscription implements InvocationHandler {

        private final Consumer<?, ?> consumer;
        private final Properties settings;
        private List<String> topics;
        private ConsumerRebalanceListener listener;
        private final Set<String> leftOut = new TreeSet<>();
        private Instant leftOutAt;
        private Admin admin; // made once a topic is denied, to ask whether it still is

        Subscription(Consumer<?, ?> consumer, Properties settings) {
            this.consumer = consumer;
            this.settings = settings;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getName().equals("subscribe") && arguments.length == 2 && arguments[0] instanceof Collection
                    && arguments[1] instanceof ConsumerRebalanceListener) {
                topics = List.copyOf((Collection<String>) arguments[0]);
                listener = (ConsumerRebalanceListener) arguments[1];
                leftOut.clear();
            } else if (method.getName().equals("poll") && topics != null) {
                return poll(method, arguments);
            } else if (method.getName().equals("close") && admin != null) {
                admin.close(Duration.ZERO);
            }
            return forward(method, arguments);
        }

        private Object poll(Method method, Object[] arguments) throws Throwable {
            if (!leftOut.isEmpty() && !clock.instant().isBefore(leftOutAt.plus(retryAfter))) {
                leftOutAt = clock.instant();
                leftOut.forEach(topic -> deniedAt.put(topic, leftOutAt)); // health: still denied
                if (readable(leftOut)) { // asked first: each subscribe is a rebalance of the whole group
                    log.info("The gateway may read Kafka topics {} again: subscribing to them", leftOut);
                    leftOut.clear();
                    consumer.subscribe(topics, listener);
                }
            }
            if (leftOut.containsAll(topics)) { // none left to subscribe, and an unsubscribed consumer may not poll
                Utils.sleep(((Duration) arguments[0]).toMillis());
                return ConsumerRecords.empty();
            }
            try {
                return BatchLimit.takeTurns(consumer, (ConsumerRecords<?, ?>) forward(method, arguments));
            } catch (AuthenticationException | AuthorizationException refused) { // its user, its group or a topic
                leftOutAt = clock.instant();
                leftOut.addAll(refused instanceof TopicAuthorizationException one ? one.unauthorizedTopics() : topics);
                leftOut.forEach(topic -> deniedAt.put(topic, leftOutAt));
                log.error("Kafka refused the gateway topics {} ({}): left out of its subscription until it may read "
                        + "them, asked every {}", leftOut, refused.getMessage(), retryAfter);
                consumer.subscribe(topics.stream().filter(topic -> !leftOut.contains(topic)).toList(), listener);
                return ConsumerRecords.empty();
            }
        }

        /** Whether the broker says Read is granted on all of them (Describe denied too: no). */
        private boolean readable(Set<String> denied) throws InterruptedException {
            if (admin == null) {
                Properties config = (Properties) settings.clone();
                config.keySet().retainAll(AdminClientConfig.configNames());
                admin = Admin.create(config);
            }
            try {
                return admin.describeTopics(denied, new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get().values().stream().allMatch(topic -> topic.authorizedOperations() == null
                                || topic.authorizedOperations().contains(AclOperation.READ));
            } catch (ExecutionException e) {
                return false;
            }
        }

        private Object forward(Method method, Object[] arguments) throws Throwable {
            try {
                return method.invoke(consumer, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
