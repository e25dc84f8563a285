package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
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
public class ChannelBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware,
        BeanRegistrationAotProcessor {

    /** Creates the registrar; the starter's auto-configuration declares it. */
    public ChannelBeanRegistrar() {
    }

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
        ChannelDefinitions definitions = ChannelDefinitions.read(environment, classLoader, declaredInJava(registry));
        registry.registerBeanDefinition(DEFINITIONS_BEAN, factoryMethod(ChannelDefinitions.class, "definitions"));
        for (ChannelDefinition definition : definitions.channels()) {
            register(registry, definition, definition.name(), Channel.class, "channel");
            register(registry, definition, definition.senderBeanName(), Sender.class, "sender");
            register(registry, definition, definition.receiverBeanName(), Receiver.class, "receiver");
        }
    }

    /**
     * The channels declared as {@link ChannelDefinition} beans. They are created here, before any
     * other bean, which is why their methods should be {@code static}.
     */
    private static Collection<ChannelDefinition> declaredInJava(BeanDefinitionRegistry registry) {
        if (!(registry instanceof ListableBeanFactory beans)) {
            return List.of();
        }
        return beans.getBeansOfType(ChannelDefinition.class, false, true).values();
    }

    /** A bean made by a static method of {@link ChannelBeanFactory}, its other parameters autowired. */
    private static RootBeanDefinition factoryMethod(Class<?> type, String method) {
        RootBeanDefinition bean = new RootBeanDefinition(ChannelBeanFactory.class);
        bean.setFactoryMethodName(method);
        bean.setTargetType(type);
        bean.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        return bean;
    }

    /**
     * Contributes nothing: being an AOT processor keeps this post-processor itself out of the
     * generated code ({@link #isBeanExcludedFromAotProcessing()}), where the bean definitions it
     * registered are generated instead; running it again at run time would register them twice.
     */
    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        return null;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        // Everything happens at registration time.
    }

    private static void register(BeanDefinitionRegistry registry, ChannelDefinition definition, String beanName,
            Class<?> beanClass, String factoryMethod) {
        String taken = takenBy(registry, beanName);
        if (taken != null) {
            throw new InvalidChannelConfigurationException(OveChannelProperties.PREFIX + ".channels." + definition.name(),
                    definition.name(),
                    "the channel needs the bean name '" + beanName + "', which is already taken by " + taken,
                    "Rename the channel, or the other bean.");
        }
        RootBeanDefinition bean = factoryMethod(beanClass, factoryMethod);
        bean.getConstructorArgumentValues().addIndexedArgumentValue(0, definition.name());
        bean.setTargetType(definition.type() == null ? ResolvableType.forClass(beanClass)
                : ResolvableType.forClassWithGenerics(beanClass, definition.type()));
        bean.addQualifier(new AutowireCandidateQualifier(Qualifier.class, definition.name()));
        // Without a declared type the bean's generic is unknown, so Spring would inject it into a
        // Sender<Anything>: such halves are only injected where a qualifier names the channel.
        bean.setDefaultCandidate(definition.type() != null);
        // The lifecycle manager closes the channel's sides in order; no destroy callback here.
        bean.setDestroyMethodName("");
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
