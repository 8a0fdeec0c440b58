package com.globalremit.redis.autoconfigure.cache;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/** Parses each SpEL key once and evaluates it against a method call ({@code #arg}, {@code #p0}, {@code #result}) or an event ({@code #event}). */
final class CacheExpressions {

    private static final Object NO_RESULT = new Object();

    private final SpelExpressionParser parser = new SpelExpressionParser();
    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
    private final Map<String, Expression> parsed = new ConcurrentHashMap<>();

    Object onMethod(String expression, Method method, Object[] args, Object target, Object result) {
        MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method, args, names);
        context.setVariable("args", args);
        if (result != NO_RESULT) {
            context.setVariable("result", result);
        }
        return evaluate(expression, context);
    }

    Object onMethodBefore(String expression, Method method, Object[] args, Object target) {
        // Hot path: "#clientId" or "#p0" is just an argument; no evaluation context for those.
        int index = argumentIndex.computeIfAbsent(new MethodExpression(method, expression), this::argumentIndex);
        if (index >= 0 && index < args.length) {
            return args[index];
        }
        return onMethod(expression, method, args, target, NO_RESULT);
    }

    private record MethodExpression(Method method, String expression) { }

    private final Map<MethodExpression, Integer> argumentIndex = new ConcurrentHashMap<>();

    private int argumentIndex(MethodExpression key) {
        String expression = key.expression().trim();
        if (!expression.matches("#[A-Za-z_$][A-Za-z0-9_$]*")) {
            return -1;
        }
        String name = expression.substring(1);
        String[] parameters = names.getParameterNames(key.method());
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].equals(name)) {
                    return i;
                }
            }
        }
        if (name.matches("[pa][0-9]+")) {
            return Integer.parseInt(name.substring(1));
        }
        return -1;
    }

    Object onEvent(String expression, Object event) {
        StandardEvaluationContext context = new StandardEvaluationContext(event);
        context.setVariable("event", event);
        return evaluate(expression, context);
    }

    void validate(String expression) {
        parsed.computeIfAbsent(expression, parser::parseExpression);
    }

    private Object evaluate(String expression, EvaluationContext context) {
        return parsed.computeIfAbsent(expression, parser::parseExpression).getValue(context);
    }
}
