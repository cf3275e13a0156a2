# The R side of the statistics tests (src/domain/statistics/*.test.ts): run `Rscript scripts/statistics-reference.R`
# with R 4.2.2 and survival 3.5-3 and compare with the expected values in the tests (docs/statistics.md).
library(survival); options(digits=17)
m <- aml[aml$x=="Maintained",]
s <- summary(survfit(Surv(time,status)~1, data=m), censored=TRUE)
print(s$surv); print(s$std.err); print(s$lower); print(s$upper)
mp <- data.frame(time=c(6,6,6,6,7,9,10,10,11,13,16,17,19,20,22,23,25,32,32,34,35, 1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23),
 status=c(1,1,1,0,1,0,1,0,0,1,1,0,0,0,1,1,0,0,0,0,0, rep(1,21)), group=rep(c("6MP","placebo"),c(21,21)))
s2 <- summary(survfit(Surv(time,status)~1, data=mp[mp$group=="6MP",]))
print(s2$std.err); print(s2$lower); print(s2$upper)
print(survfit(Surv(time,status)~group, data=mp))
d <- survdiff(Surv(time,status)~group, data=mp); print(d$chisq); print(pchisq(d$chisq,1,lower.tail=FALSE)); print(d$exp)
d <- survdiff(Surv(time,status)~x, data=aml); print(d$chisq); print(pchisq(d$chisq,1,lower.tail=FALSE)); print(d$exp)
three <- data.frame(time = c(3,5,7,9,12,15, 2,4,4,6,8,10,11, 1,2,3,3,5,14,20),
  status = c(1,0,1,1,0,1, 1,1,0,1,1,0,1, 1,1,0,1,1,0,1), group = rep(c("a","b","c"), c(6,7,7)))
d <- survdiff(Surv(time, status) ~ group, data = three); print(d$chisq); print(pchisq(d$chisq,2,lower.tail=FALSE)); print(d$exp)
print(summary(survfit(Surv(1:4)~1))$lower[2]); print(survfit(Surv(1:4)~1))
print(survfit(Surv(c(1,2,3,4,5,6),c(1,1,1,0,1,1))~1))
print(survfit(Surv(c(1,2,3,4),c(1,1,0,0))~1)); print(quantile(survfit(Surv(c(1,2,3,4),c(1,1,0,0))~1),0.5))
fa <- survfit(Surv(time,status)~1, data=aml); print(fa); sa <- summary(fa); print(cbind(sa$time, sa$upper))
print(pchisq(c(3.4,16.8,80,0,1e-10),1,lower.tail=FALSE)); print(pchisq(c(0.5,6,200),2,lower.tail=FALSE)); print(pchisq(c(7.81,1000),3,lower.tail=FALSE))
print(prop.test(3,10,correct=FALSE)$conf.int)
