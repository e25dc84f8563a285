package io.ove.channel.spring;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Turns each declared channel into three bean definitions: the {@code Channel} named after it,
 * and its {@code Sender} ({@code <name>Sender}) and {@code Receiver} ({@code <name>Receiver}),
 * both qualified with the channel's name. When the channel declares a {@code type}, the
 * definitions carry it as a generic, so {@code @Autowired Sender<Order>} resolves by type alone.
 *
 * <p>Runs after every other bean definition has been registered (auto-configuration comes last),
 * so a clash with a user's bean is detected and reported rather than silently overriding it.
 */
class ChannelBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    /** Name of the bean holding the validated declarations. */
    static final String DEFINITIONS_BEAN = "oveChannelDefinitions";

    /** Plain: set once by the container before it calls this post-processor, on the same thread. */
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ClassLoader classLoader = registry instanceof ConfigurableListableBeanFactory factory
                ? factory.getBeanClassLoader() : getClass().getClassLoader();
        ChannelDefinitions definitions = ChannelDefinitions.read(environment, classLoader);
        // Read and validated once, here; DeclaredChannels is built from this bean.
        registry.registerBeanDefinition(DEFINITIONS_BEAN,
                new RootBeanDefinition(ChannelDefinitions.class, () -> definitions));
        BeanFactory beanFactory = (BeanFactory) registry;
        for (ChannelDefinition definition : definitions.channels()) {
            String name = definition.name();
            register(registry, definition, name, Channel.class, beanFactory, channel -> channel);
            register(registry, definition, definition.senderBeanName(), Sender.class, beanFactory, Channel::sender);
            register(registry, definition, definition.receiverBeanName(), Receiver.class, beanFactory,
                    Channel::receiver);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        // Everything happens at registration time.
    }

    private static void register(BeanDefinitionRegistry registry, ChannelDefinition definition, String beanName,
            Class<?> beanClass, BeanFactory beanFactory, java.util.function.Function<Channel<Object>, Object> select) {
        String taken = takenBy(registry, beanName);
        if (taken != null) {
            throw new InvalidChannelConfigurationException(OveChannelProperties.PREFIX + ".channels." + definition.name(),
                    definition.name(),
                    "the channel needs the bean name '" + beanName + "', which is already taken by " + taken,
                    "Rename the channel, or the other bean.");
        }
        RootBeanDefinition bean = new RootBeanDefinition();
        bean.setBeanClass(beanClass);
        bean.setTargetType(definition.type() == null ? ResolvableType.forClass(beanClass)
                : ResolvableType.forClassWithGenerics(beanClass, definition.type()));
        bean.setInstanceSupplier(() -> select.apply(beanFactory.getBean(DeclaredChannels.class)
                .channel(definition.name())));
        bean.addQualifier(new AutowireCandidateQualifier(Qualifier.class, definition.name()));
        // Without a declared type the bean's generic is unknown, so Spring would inject it into a
        // Sender<Anything>: such halves are only injected where a qualifier names the channel.
        bean.setDefaultCandidate(definition.type() != null);
        // The lifecycle manager closes the channel's sides in order; no destroy callback here.
        bean.setDestroyMethodName("");
        bean.setAttribute("ove.channel", definition.name());
        registry.registerBeanDefinition(beanName, bean);
    }

    /**
     * @return what already holds {@code beanName} (a bean definition, an alias or a singleton that
     *         the container registered itself, such as {@code environment}), or {@code null}
     */
    private static String takenBy(BeanDefinitionRegistry registry, String beanName) {
        if (registry.containsBeanDefinition(beanName)) {
            return describe(registry.getBeanDefinition(beanName));
        }
        if (registry.isAlias(beanName)) {
            return "an alias of another bean";
        }
        if (registry instanceof SingletonBeanRegistry singletons && singletons.containsSingleton(beanName)) {
            return "a bean the Spring container registers itself ("
                    + singletons.getSingleton(beanName).getClass().getName() + ")";
        }
        return registry.isBeanNameInUse(beanName) ? "another bean" : null;
    }

    private static String describe(BeanDefinition existing) {
        String type = existing.getBeanClassName();
        if (type == null && existing.getFactoryMethodName() != null) {
            type = "@Bean method " + existing.getFactoryMethodName();
        }
        String source = existing.getResourceDescription();
        return (type == null ? "another bean" : type) + (source == null ? "" : " (" + source + ")");
    }
}
