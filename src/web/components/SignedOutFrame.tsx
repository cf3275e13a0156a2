import { Box, Container, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The frame of a staff page seen before signing in (sign in, set a password): the product's name
 * over the page's heading in a narrow column, and the line that the software supports, not makes,
 * clinical decisions. The patient's sign-in has its own words (src/web/patient/PatientSignIn.tsx).
 */
export function SignedOutFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box bg="gray.0" mih="100vh" py="xl" style={{ display: 'flex', flexDirection: 'column' }}>
      <Container component="main" size={440} w="100%" style={{ flex: 1 }}>
        <Stack gap="lg">
          <Box>
            <Text fw={700} c="blue.9" size="lg">
              SIJ Pathway
            </Text>
            <Title order={1} size="h2">
              {title}
            </Title>
          </Box>
          {children}
        </Stack>
      </Container>
      <Box component="footer">
        <Container size={440}>
          <Text size="sm" c="gray.8">
            Decision support — clinical judgement remains with the clinician.
          </Text>
        </Container>
      </Box>
    </Box>
  );
}
